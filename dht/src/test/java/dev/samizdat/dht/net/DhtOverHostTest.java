package dev.samizdat.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Hashes;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.SignedRecord;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Seven DHT nodes over real Hosts on 127.0.0.1, bootstrapped from one of them. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhtOverHostTest {
  private static final int NODES = 7;
  private static final long DAY = 24 * 3600_000L;

  private LocalDhtNetwork net;
  private final List<LocalDhtNetwork.Node> nodes = new ArrayList<>();

  @BeforeAll
  void startAndBootstrap() throws Exception {
    net = new LocalDhtNetwork();
    for (int i = 0; i < NODES; i++) {
      nodes.add(net.node());
    }
    Multiaddr seed = nodes.get(0).address();
    for (LocalDhtNetwork.Node n : nodes.subList(1, NODES)) {
      LookupResult joined = n.dht().bootstrap(List.of(seed)).get(30, TimeUnit.SECONDS);
      assertThat(joined.closest()).isNotEmpty();
    }
    // Peers enter a table only once identify shows they serve the DHT, which completes after the
    // dial: lookups must not start before the seed has learned every joiner.
    LocalDhtNetwork.await("the seed's table holds every other node", Duration.ofSeconds(20),
        () -> nodes.get(0).dht().routingTableSize() == NODES - 1);
  }

  @AfterAll
  void stop() throws Exception {
    net.close();
  }

  @Test
  void everyNodeFindsEveryOtherByLookup() throws Exception {
    for (LocalDhtNetwork.Node from : nodes) {
      for (LocalDhtNetwork.Node target : nodes) {
        if (from == target) {
          continue;
        }
        // A network that has just formed converges as identify results arrive: a lookup must find
        // the target within seconds, though the very first one may still miss a peer nobody has
        // identified yet.
        LocalDhtNetwork.await("a lookup of " + target.id() + " from " + from.id() + " finds it",
            Duration.ofSeconds(20), () -> firstFound(from, target.id().toBytes()).equals(Optional.of(target.id())));
        Optional<PeerAddresses> found = from.dht().findPeer(target.id()).get(20, TimeUnit.SECONDS);
        assertThat(found).isPresent();
        assertThat(found.get().multiaddrs()).anySatisfy(a ->
            assertThat(Multiaddr.fromBytes(a)).isEqualTo(target.address().withoutP2p()));
      }
    }
  }

  @Test
  void seedLearnsEveryJoinerFromIdentify() throws Exception {
    LocalDhtNetwork.await("the seed's table holds every other node", Duration.ofSeconds(20),
        () -> nodes.get(0).dht().routingTableSize() == NODES - 1);
  }

  @Test
  void signedRecordPutOnOneNodeIsReadFromAnotherAndAStalePutIsRefused() throws Exception {
    LocalDhtNetwork.Node owner = nodes.get(2);
    byte[] key = SignedRecord.key(LocalDhtNetwork.NAMESPACE, "profile", owner.id());
    long now = System.currentTimeMillis();
    byte[] v2 = SignedRecord.sign(owner.key(), key, 2, now + DAY, "second".getBytes(StandardCharsets.UTF_8)).encode();
    byte[] v1 = SignedRecord.sign(owner.key(), key, 1, now + DAY, "first".getBytes(StandardCharsets.UTF_8)).encode();

    KadDht.PutResult put = owner.dht().put(key, v2).get(30, TimeUnit.SECONDS);
    assertThat(put.stored()).isEqualTo(NODES - 1);
    for (LocalDhtNetwork.Node reader : List.of(nodes.get(5), nodes.get(0), nodes.get(6))) {
      Optional<byte[]> got = reader.dht().get(key).get(30, TimeUnit.SECONDS);
      assertThat(got).isPresent();
      assertThat(SignedRecord.parse(key, got.get()).payload()).asString(StandardCharsets.UTF_8).isEqualTo("second");
    }

    KadDht.PutResult stale = owner.dht().put(key, v1).get(30, TimeUnit.SECONDS);
    assertThat(stale.stored()).as("peers holding sequence 2 refuse sequence 1").isZero();
    Optional<byte[]> after = nodes.get(4).dht().get(key).get(30, TimeUnit.SECONDS);
    assertThat(SignedRecord.parse(key, after.orElseThrow()).sequence()).isEqualTo(2);
  }

  @Test
  void providersAnnouncedOnOneNodeAreFoundFromAnother() throws Exception {
    byte[] content = Hashes.sha256("some channel".getBytes(StandardCharsets.UTF_8));
    LocalDhtNetwork.Node a = nodes.get(3);
    LocalDhtNetwork.Node b = nodes.get(4);
    a.dht().provide(content).get(30, TimeUnit.SECONDS);
    b.dht().provide(content).get(30, TimeUnit.SECONDS);
    LocalDhtNetwork.await("both providers are found from node 1", Duration.ofSeconds(20), () ->
        nodes.get(1).dht().findProviders(content, 10).join().stream().map(PeerAddresses::id).distinct().count() == 2);
    List<PeerAddresses> found = nodes.get(6).dht().findProviders(content, 10).get(20, TimeUnit.SECONDS);
    assertThat(found).extracting(PeerAddresses::id).contains(a.id(), b.id());
    assertThat(found).filteredOn(p -> p.id().equals(a.id())).first().satisfies(p ->
        assertThat(p.multiaddrs()).isNotEmpty());
  }

  @Test
  void aPeerSendingGarbageIsDroppedFromTheTable() throws Exception {
    Host rogue = net.host();
    // It claims to serve the kad protocol, so identify makes it a routing table candidate.
    rogue.setHandler(DhtOptions.SAMIZDAT_PROTOCOL, Stream::reset);
    LocalDhtNetwork.Node victim = nodes.get(1);
    rogue.dial(victim.address()).get(10, TimeUnit.SECONDS);
    LocalDhtNetwork.await("the victim's table holds the rogue peer", Duration.ofSeconds(20),
        () -> victim.dht().kad().routingTable().contains(rogue.peerId()));

    Stream s = rogue.newStream(victim.id(), List.of(DhtOptions.SAMIZDAT_PROTOCOL)).get(10, TimeUnit.SECONDS);
    s.write(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertThat(s.closed()).failsWithin(Duration.ofSeconds(10));
    LocalDhtNetwork.await("the rogue peer is dropped", Duration.ofSeconds(10),
        () -> !victim.dht().kad().routingTable().contains(rogue.peerId()));

    // An oversized request is refused before it is buffered.
    Stream big = rogue.newStream(victim.id(), List.of(DhtOptions.SAMIZDAT_PROTOCOL)).get(10, TimeUnit.SECONDS);
    big.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x10});
    assertThat(big.closed()).failsWithin(Duration.ofSeconds(10));
  }

  private static Optional<PeerId> firstFound(LocalDhtNetwork.Node from, byte[] key) {
    try {
      LookupResult result = from.dht().findClosest(key).get(20, TimeUnit.SECONDS);
      return result.closest().stream().findFirst().map(PeerAddresses::id);
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
