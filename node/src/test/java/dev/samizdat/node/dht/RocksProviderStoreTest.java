package dev.samizdat.node.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.provider.ProviderStore.Provider;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who provides which key survives a restart of the node that holds the entries, on a real RocksDB. */
class RocksProviderStoreTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private final SecureRandom random = new SecureRandom();
  private final byte[] channel = "a channel's provider key".getBytes(StandardCharsets.UTF_8);
  private final byte[] other = "another key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void entriesSurviveARestartAndExpiredOrEvictedOnesDoNot() {
    PeerAddresses reader = peer("/ip4/127.0.0.1/tcp/4001");
    PeerAddresses soonGone = peer("/ip4/127.0.0.1/tcp/4002");
    PeerAddresses evicted = peer("/ip4/127.0.0.1/tcp/4003");
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksProviderStore store = new RocksProviderStore(db, NOW);
      store.put(channel, new Provider(reader, NOW + 48 * HOUR));
      store.put(channel, new Provider(soonGone, NOW + HOUR));
      store.put(other, new Provider(evicted, NOW + 2 * HOUR));
      store.put(other, new Provider(reader, NOW + 48 * HOUR));
      store.evictSoonestExpiring(other);
      assertThat(store.get(other, NOW, 10)).extracting(p -> p.peer().id()).containsExactly(reader.id());
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksProviderStore restarted = new RocksProviderStore(db, NOW);
      List<Provider> found = restarted.get(channel, NOW, 10);
      assertThat(found).extracting(p -> p.peer().id()).containsExactly(reader.id(), soonGone.id());
      assertThat(found.get(0).peer().multiaddrs()).singleElement()
          .satisfies(a -> assertThat(a).isEqualTo(reader.multiaddrs().get(0)));
      assertThat(restarted.get(other, NOW, 10)).extracting(p -> p.peer().id()).containsExactly(reader.id());
      assertThat(restarted.countFor(reader.id())).isEqualTo(2);

      assertThat(restarted.removeExpired(NOW + 2 * HOUR)).isEqualTo(1);
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksProviderStore again = new RocksProviderStore(db, NOW);
      assertThat(again.get(channel, NOW, 10)).extracting(p -> p.peer().id()).containsExactly(reader.id());
      assertThat(again.size()).isEqualTo(2);
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      assertThat(new RocksProviderStore(db, NOW + 49 * HOUR).size()).as("expired while the node was down").isZero();
    }
  }

  private PeerAddresses peer(String address) {
    PeerId id = PeerId.fromPublicKey(Ed25519PrivateKey.generate(random).publicKey());
    return new PeerAddresses(id, List.of(Multiaddr.parse(address).toBytes()));
  }
}
