package dev.samizdat.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node that finds no peer at first joins once one answers: a bootstrap peer, or one it knew before. */
@Timeout(120)
class DhtRejoinTest {
  private static final Multiaddr LOOPBACK_ANY_PORT = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @Test
  void aNodeWhoseBootstrapPeerStartsLaterJoinsThroughItOnceItAnswers() throws Exception {
    try (LocalDhtNetwork net = new LocalDhtNetwork()) {
      Ed25519PrivateKey seedKey = Ed25519PrivateKey.generate(new SecureRandom());
      Multiaddr seedListen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + freePort());
      Multiaddr seedAddress = seedListen.withP2p(PeerId.fromPublicKey(seedKey.publicKey()));

      LocalDhtNetwork.Node early = net.node();
      LookupResult alone = early.dht().bootstrap(List.of(seedAddress)).get(30, TimeUnit.SECONDS);
      assertThat(alone.closest()).isEmpty();
      assertThat(early.dht().routingTableSize()).isZero();

      LocalDhtNetwork.Node seed = net.node(LocalDhtNetwork.options(), seedKey, seedListen);
      // Retries start at FIRST_REJOIN_DELAY and double; a few of them fit in the wait.
      LocalDhtNetwork.await("the early node joins through the seed", Duration.ofSeconds(30),
          () -> early.dht().routingTableSize() == 1 && seed.dht().routingTableSize() == 1);
      assertThat(early.dht().findPeer(seed.id()).get(20, TimeUnit.SECONDS)).isPresent();
    }
  }

  @Test
  void aNodeStartedWhileItsPeersAreAwayKeepsThemAndRejoinsWhenTheyAreBackWithoutABootstrapPeer()
      throws Exception {
    try (LocalDhtNetwork net = new LocalDhtNetwork()) {
      Ed25519PrivateKey friendKey = Ed25519PrivateKey.generate(new SecureRandom());
      Multiaddr friendListen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + freePort());
      Ed25519PrivateKey ownKey = Ed25519PrivateKey.generate(new SecureRandom());
      DhtStores ownStores = DhtStores.inMemory(); // what the node's database keeps across restarts

      LocalDhtNetwork.Node friend = net.node(LocalDhtNetwork.options(), friendKey, friendListen);
      LocalDhtNetwork.Node own = net.node(LocalDhtNetwork.options(), ownKey, LOOPBACK_ANY_PORT, ownStores);
      own.dht().bootstrap(List.of(friend.address().withP2p(friend.id()))).get(30, TimeUnit.SECONDS);
      assertThat(own.dht().routingTableSize()).isEqualTo(1);
      LocalDhtNetwork.stop(own);
      LocalDhtNetwork.stop(friend);

      // Started alone (the network is down): the friend it restores does not answer, and is kept.
      LocalDhtNetwork.Node offline = net.node(LocalDhtNetwork.options(), ownKey, LOOPBACK_ANY_PORT, ownStores);
      offline.dht().bootstrap(List.of()).get(30, TimeUnit.SECONDS);
      assertThat(offline.dht().routingTableSize()).isZero();
      LocalDhtNetwork.stop(offline);

      // Started again with no bootstrap peer, while the friend comes back: it finds the friend again.
      LocalDhtNetwork.Node again = net.node(LocalDhtNetwork.options(), ownKey, LOOPBACK_ANY_PORT, ownStores);
      again.dht().bootstrap(List.of()).get(30, TimeUnit.SECONDS);
      LocalDhtNetwork.Node back = net.node(LocalDhtNetwork.options(), friendKey, friendListen);
      LocalDhtNetwork.await("the node rejoins through the peer it knew", Duration.ofSeconds(30),
          () -> again.dht().routingTableSize() == 1 && back.dht().routingTableSize() == 1);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
