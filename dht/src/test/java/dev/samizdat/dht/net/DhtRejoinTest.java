package dev.samizdat.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

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

  @Test
  void aNodeListeningBeyondLoopbackSaysWhyItDoesNotDialPeersKnownOnlyAtLoopback() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Dht.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try (LocalDhtNetwork net = new LocalDhtNetwork()) {
      Multiaddr loopbackPeer = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + freePort())
          .withP2p(PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey()));
      LocalDhtNetwork.Node node = net.node(LocalDhtNetwork.options().withLoopbackAllowed(false),
          Ed25519PrivateKey.generate(new SecureRandom()), LOOPBACK_ANY_PORT);
      node.dht().bootstrap(List.of(loopbackPeer)).get(30, TimeUnit.SECONDS);
      LocalDhtNetwork.await("the warning that no peer answers", Duration.ofSeconds(30),
          () -> lines.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("no DHT peer answers")));
      assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().startsWith("no DHT peer answers"))
          .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
              .contains("1 of them only at loopback addresses").contains("--listen /ip4/127.0.0.1/tcp/"));
    } finally {
      log.detachAppender(lines);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
