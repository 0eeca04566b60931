package dev.samizdat.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryPeerStoreTest {
  private final PeerId peer = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());

  private static Multiaddr port(int port) {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
  }

  @Test
  void theNewestAddressesComeFirstSinceTheyAreDialledInThisOrder() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    store.addAddresses(peer, List.of(port(4001)));
    store.addAddresses(peer, List.of(port(4002)));
    assertThat(store.addresses(peer)).containsExactly(port(4002), port(4001));
    store.addAddresses(peer, List.of(port(4001)));
    assertThat(store.addresses(peer)).containsExactly(port(4001), port(4002));
  }

  @Test
  void beyondTheCapTheOldestAreDropped() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    int count = InMemoryPeerStore.MAX_ADDRESSES_PER_PEER + 3;
    IntStream.range(0, count).forEach(i -> store.addAddresses(peer, List.of(port(5000 + i))));
    assertThat(store.addresses(peer)).hasSize(InMemoryPeerStore.MAX_ADDRESSES_PER_PEER)
        .startsWith(port(5000 + count - 1)).doesNotContain(port(5000), port(5001), port(5002));
  }
}
