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

/** A node told of a bootstrap peer that is not up yet joins through it once it is. */
@Timeout(60)
class DhtRejoinTest {

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

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
