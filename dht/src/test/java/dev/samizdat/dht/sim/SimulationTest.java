package dev.samizdat.dht.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.SignedRecord;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The production DHT code at scale over the simulated network. */
class SimulationTest {
  private static final int NODES = 1_000;
  private static final long HOUR = DhtConfig.HOUR;

  @Test
  void lookupsFindEveryTargetRecordsSurviveChurnAndRepublishRestoresThem() {
    Simulation sim = new Simulation(7, DhtConfig.DEFAULT);
    sim.build(NODES);

    // Every lookup finds its target, within ceil(log2 N) / 2 hops at p99.
    List<LookupResult> results = lookups(sim, 500);
    long[] hops = results.stream().mapToLong(LookupResult::hops).toArray();
    long[] messages = results.stream().mapToLong(LookupResult::messages).toArray();
    System.out.printf("%d nodes: hops %s; messages %s%n", NODES, new Stats(hops).summary(""),
        new Stats(messages).summary(""));
    int maxHops = (int) Math.ceil(Math.log(NODES) / Math.log(2)) / 2;
    assertThat(new Stats(hops).percentile(99)).isLessThanOrEqualTo(maxHops);

    // 200 owners publish a signed record each.
    List<Simulation.Node> owners = new ArrayList<>(sim.nodes());
    Collections.shuffle(owners, sim.random());
    owners = owners.subList(0, 200);
    List<CompletableFuture<KadDht.PutResult>> puts = new ArrayList<>();
    for (Simulation.Node owner : owners) {
      byte[] key = SignedRecord.key(Simulation.NAMESPACE, "prekeys", owner.id());
      byte[] payload = ("bundle of " + owner.id()).getBytes();
      long[] seq = {0};
      puts.add(owner.dht().publish(key, now -> SignedRecord.sign(owner.key(), key, ++seq[0],
          now + 48 * HOUR, payload).encode()));
    }
    sim.scheduler().runUntilIdle();
    assertThat(puts).allSatisfy(p -> assertThat(p.join().stored()).isGreaterThanOrEqualTo(15));

    // 30% of the nodes die; nobody republishes yet.
    List<Simulation.Node> all = new ArrayList<>(sim.nodes());
    Collections.shuffle(all, sim.random());
    all.subList(0, NODES * 3 / 10).forEach(Simulation.Node::kill);
    List<Simulation.Node> liveOwners = owners.stream().filter(Simulation.Node::alive).toList();

    double lookupSuccess = found(lookups(sim, 300)) / 300.0;
    double getSuccess = retrievable(sim, liveOwners) / (double) liveOwners.size();
    System.out.printf("after 30%% churn: lookups %.1f%%, records %.1f%%%n", lookupSuccess * 100, getSuccess * 100);
    assertThat(lookupSuccess).isGreaterThanOrEqualTo(0.95);
    assertThat(getSuccess).isGreaterThanOrEqualTo(0.95);

    // A republish interval later, the live owners republish: every live record is retrievable.
    sim.scheduler().advance(DhtConfig.DEFAULT.republishIntervalMillis());
    for (Simulation.Node n : sim.liveNodes()) {
      n.dht().republishDue();
    }
    sim.scheduler().runUntilIdle();
    assertThat(retrievable(sim, liveOwners)).isEqualTo(liveOwners.size());
  }

  @Test
  void sybilsFromFewNetworksGetOnlyTheDiversityShareOfHonestTables() {
    Simulation sim = new Simulation(11, DhtConfig.DEFAULT);
    sim.build(300);
    List<Simulation.Node> honest = List.copyOf(sim.nodes());
    int groups = 4;
    List<Simulation.Node> sybils = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sybils.add(sim.addNode(new byte[] {(byte) 203, 0, (byte) (i % groups), (byte) (1 + i / groups % 250)}));
    }
    Set<PeerId> sybilIds = new HashSet<>();
    sybils.forEach(s -> sybilIds.add(s.id()));
    sim.join(honest.get(0), sybils, 5);

    int limit = groups * DhtConfig.DEFAULT.routing().maxPerGroupPerTable();
    int worst = 0;
    for (Simulation.Node h : honest) {
      int count = 0;
      for (PeerAddresses p : h.dht().routingTable().peers()) {
        if (sybilIds.contains(p.id())) {
          count++;
        }
      }
      worst = Math.max(worst, count);
    }
    System.out.printf("worst honest table: %d sybils of %d allowed%n", worst, limit);
    assertThat(worst).isLessThanOrEqualTo(limit);
    assertThat(found(lookups(sim, 200, honest))).isEqualTo(200);
  }

  private static List<LookupResult> lookups(Simulation sim, int count) {
    return lookups(sim, count, null);
  }

  /** {@code count} FIND_NODE lookups between distinct random live nodes (from {@code among} if given). */
  private static List<LookupResult> lookups(Simulation sim, int count, List<Simulation.Node> among) {
    List<Simulation.Node> pool = among == null ? sim.liveNodes() : among;
    List<CompletableFuture<LookupResult>> futures = new ArrayList<>();
    List<PeerId> targets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Simulation.Node from = pool.get(sim.random().nextInt(pool.size()));
      Simulation.Node to;
      do {
        to = pool.get(sim.random().nextInt(pool.size()));
      } while (to == from);
      targets.add(to.id());
      futures.add(from.dht().findClosest(to.id().toBytes(), DhtConfig.DEFAULT.lookup()));
    }
    sim.scheduler().runUntilIdle();
    List<LookupResult> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LookupResult r = futures.get(i).join();
      out.add(r);
      boolean hit = !r.closest().isEmpty() && r.closest().get(0).id().equals(targets.get(i));
      foundMarks.put(r, hit);
    }
    return out;
  }

  private static final java.util.Map<LookupResult, Boolean> foundMarks = new java.util.IdentityHashMap<>();

  private static int found(List<LookupResult> results) {
    return (int) results.stream().filter(r -> foundMarks.getOrDefault(r, false)).count();
  }

  /** How many of the owners' records a random live node can get. */
  private static int retrievable(Simulation sim, List<Simulation.Node> owners) {
    List<CompletableFuture<KadDht.GetResult>> gets = new ArrayList<>();
    for (Simulation.Node owner : owners) {
      Simulation.Node reader = sim.randomLiveNode();
      gets.add(reader.dht().getValue(SignedRecord.key(Simulation.NAMESPACE, "prekeys", owner.id())));
    }
    sim.scheduler().runUntilIdle();
    int ok = 0;
    for (int i = 0; i < owners.size(); i++) {
      byte[] expected = ("bundle of " + owners.get(i).id()).getBytes();
      var value = gets.get(i).join().value();
      if (value.isPresent() && Arrays.equals(SignedRecord.parse(
          SignedRecord.key(Simulation.NAMESPACE, "prekeys", owners.get(i).id()), value.get()).payload(), expected)) {
        ok++;
      }
    }
    return ok;
  }
}
