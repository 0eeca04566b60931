package dev.samizdat.dht.sim;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.provider.InMemoryProviderStore;
import dev.samizdat.dht.record.InMemoryRecordStore;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.SignedRecordValidator;
import dev.samizdat.dht.routing.InMemoryRoutingTableStore;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Thousands of production {@link KadDht} nodes in one JVM over a {@link SimNetwork}, in virtual
 * time, deterministic for a given seed (keys, addresses, latencies and lookup targets all come from
 * one {@link Random}). Single-threaded.
 */
public final class Simulation {
  public static final String NAMESPACE = "sz";

  /** A simulated node: its identity key and its host. */
  public record Node(Ed25519PrivateKey key, SimNetwork.Host host) {
    public KadDht dht() {
      return host.dht();
    }

    public PeerId id() {
      return host.addresses().id();
    }

    public boolean alive() {
      return host.alive();
    }

    public void kill() {
      host.alive = false;
    }
  }

  private final Random random;
  private final DhtConfig config;
  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000_000L);
  private final SimNetwork network = new SimNetwork(scheduler);
  private final RecordNamespaces namespaces;
  private final List<Node> nodes = new ArrayList<>();

  public Simulation(long seed, DhtConfig config) {
    this.random = new Random(seed);
    this.config = config;
    SignedRecordValidator v = new SignedRecordValidator(NAMESPACE);
    this.namespaces = new RecordNamespaces(Map.of(NAMESPACE, new RecordNamespaces.Rules(v, v)));
  }

  public Random random() {
    return random;
  }

  public VirtualScheduler scheduler() {
    return scheduler;
  }

  public SimNetwork network() {
    return network;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Node> liveNodes() {
    return nodes.stream().filter(Node::alive).toList();
  }

  /** A node at a random IPv4 address in its own /24. */
  public Node addNode() {
    byte[] ip = {(byte) (1 + random.nextInt(223)), (byte) random.nextInt(256), (byte) random.nextInt(256),
        (byte) (1 + random.nextInt(254))};
    return addNode(ip);
  }

  /** A node at {@code ipv4} (4 bytes), port 4001. */
  public Node addNode(byte[] ipv4) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    PeerId id = PeerId.fromPublicKey(key.publicKey());
    byte[] multiaddr = {0x04, ipv4[0], ipv4[1], ipv4[2], ipv4[3], 0x06, 0x0f, (byte) 0xa1};
    PeerAddresses addresses = PeerAddresses.of(id, multiaddr);
    SimNetwork.Host host = network.register(addresses, 5 + random.nextInt(46));
    host.dht = new KadDht(addresses, config, network.endpoint(host), scheduler, new Random(random.nextLong()),
        new InMemoryRoutingTableStore(), new InMemoryRecordStore(), new InMemoryProviderStore(), namespaces);
    Node node = new Node(key, host);
    nodes.add(node);
    return node;
  }

  /**
   * Joins {@code joining} one after another, {@code spacingMillis} apart, each through a random
   * node that joined before it (the first through {@code first}): bootstrap, then refresh every
   * bucket. Runs until the network is quiet.
   */
  public void join(Node first, List<Node> joining, long spacingMillis) {
    List<Node> joined = new ArrayList<>(List.of(first));
    for (int i = 0; i < joining.size(); i++) {
      Node n = joining.get(i);
      Node via = joined.get(random.nextInt(joined.size()));
      joined.add(n);
      scheduler.schedule(i * spacingMillis, () ->
          n.dht().bootstrap(List.of(via.host().addresses())).thenCompose(r -> n.dht().refreshAllBuckets()));
    }
    scheduler.runUntilIdle();
  }

  /** Builds a network of {@code n} honest nodes and joins them. */
  public void build(int n) {
    Node first = addNode();
    List<Node> rest = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      rest.add(addNode());
    }
    join(first, rest, 20);
  }

  /** Runs the simulation until {@code future} completes (or nothing is left to run). */
  public <T> T await(CompletableFuture<T> future) {
    while (!future.isDone()) {
      if (scheduler.runUntil(scheduler.nowMillis() + 1000) == 0 && !future.isDone()) {
        scheduler.runUntilIdle();
        break;
      }
    }
    return future.join();
  }

  public Node randomLiveNode() {
    List<Node> live = liveNodes();
    return live.get(random.nextInt(live.size()));
  }
}
