package dev.samizdat.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.identify.IdentifyService;
import dev.samizdat.libp2p.ping.PingService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HostTest {

  @Test
  void javaHostsConnectIdentifyEachOtherAndPing() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start(HostConfig.defaults().withAgentVersion("samizdat-test/a"));
      Host b = hosts.start(HostConfig.defaults().withAgentVersion("samizdat-test/b"));
      b.setHandler(TestHosts.ECHO, TestHosts::echo);

      Connection c = a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      assertThat(c.remotePeer()).isEqualTo(b.peerId());
      assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);

      Duration rtt = a.ping(b.peerId()).get(10, TimeUnit.SECONDS);
      assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));

      awaitIdentified(a, b, "samizdat-test/b");
      awaitIdentified(b, a, "samizdat-test/a");
      var info = a.peerStore().get(b.peerId()).orElseThrow();
      assertThat(info.protocols()).contains(TestHosts.ECHO, PingService.PROTOCOL_ID, IdentifyService.PROTOCOL_ID);
      assertThat(info.publicKey()).isPresent();
      assertThat(info.addresses()).isNotEmpty();

      Stream s = a.newStream(b.peerId(), List.of(TestHosts.ECHO)).get(10, TimeUnit.SECONDS);
      StreamReader reader = new StreamReader(s);
      s.write("hello".getBytes(StandardCharsets.UTF_8));
      s.closeWrite();
      byte[] back = reader.readToEnd(1024).get(10, TimeUnit.SECONDS);
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello");
    }
  }

  @Test
  void replyAndFinThatArriveBeforeTheFirstReadAreStillDelivered() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      b.setHandler(TestHosts.ECHO, TestHosts::echo);
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);

      Stream s = a.newStream(b.peerId(), List.of(TestHosts.ECHO)).get(10, TimeUnit.SECONDS);
      StreamReader reader = new StreamReader(s);
      s.write("hello".getBytes(StandardCharsets.UTF_8));
      s.closeWrite();
      // Both directions are closed while the reader is paused with the reply unread: the stream is
      // finished on the wire, but the reply and the end must still reach the reader.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (a.connections(b.peerId()).get(0).streamCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(100);
      byte[] back = reader.readToEnd(1024).get(10, TimeUnit.SECONDS);
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello");
      s.closed().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLazyStreamCarriesDataWrittenBeforeTheRemoteAgreed() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      b.setHandler(TestHosts.ECHO, TestHosts::echo);
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);

      for (int i = 0; i < 20; i++) {
        Stream s = a.newStreamLazily(b.peerId(), TestHosts.ECHO).get(10, TimeUnit.SECONDS);
        assertThat(s.protocol()).isEqualTo(TestHosts.ECHO);
        StreamReader reader = new StreamReader(s);
        byte[] payload = ("request " + i).getBytes(StandardCharsets.UTF_8);
        s.write(payload);
        s.closeWrite();
        assertThat(reader.readToEnd(1024).get(10, TimeUnit.SECONDS)).isEqualTo(payload);
        s.closed().get(10, TimeUnit.SECONDS);
      }
      assertThat(a.connections(b.peerId()).get(0).streamCount()).isZero();
    }
  }

  @Test
  void aLazyStreamToAProtocolTheRemoteRefusesFailsTheReaderWithTheReason() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);

      Stream s = a.newStreamLazily(b.peerId(), "/samizdat/unknown/1.0.0").get(10, TimeUnit.SECONDS);
      StreamReader reader = new StreamReader(s);
      s.write("hello".getBytes(StandardCharsets.UTF_8));
      s.closeWrite();
      assertThatThrownBy(() -> reader.readToEnd(1024).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(Libp2pException.class)
          .hasMessageContaining("supports none of the protocols");
      assertThat(a.connections(b.peerId()).get(0).isOpen()).isTrue();
      Stream ping = a.newStreamLazily(b.peerId(), PingService.PROTOCOL_ID).get(10, TimeUnit.SECONDS);
      assertThat(ping.protocol()).isEqualTo(PingService.PROTOCOL_ID);
      ping.reset();
    }
  }

  @Test
  void aPeerDialledBeforeItHadAnAddressOrWhileItWasDownIsDialledAgainLater() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      assertThatThrownBy(() -> a.dial(b.peerId()).get(10, TimeUnit.SECONDS)).hasMessageContaining("no known address");

      int closedPort;
      try (java.net.ServerSocket unused = new java.net.ServerSocket(0)) {
        closedPort = unused.getLocalPort();
      }
      a.peerStore().addAddresses(b.peerId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort)));
      assertThatThrownBy(() -> a.dial(b.peerId()).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Exception.class);

      // Neither failure is remembered: once the peer is where the store says, it is reached.
      a.peerStore().addAddresses(b.peerId(), List.of(b.listenAddresses().get(0).withoutP2p()));
      assertThat(a.dial(b.peerId()).get(10, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    }
  }

  @Test
  void dialNewTestsTheAddressEvenWhenThePeerIsConnectedAndNoHostConnectsToItself() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      Multiaddr bAddress = b.listenAddresses().get(0);
      Connection first = a.dial(bAddress).get(10, TimeUnit.SECONDS);
      assertThat(a.dial(bAddress).get(10, TimeUnit.SECONDS)).isSameAs(first);

      Connection second = a.dialNew(bAddress).get(10, TimeUnit.SECONDS);
      assertThat(second).isNotSameAs(first);
      assertThat(a.ping(second).get(10, TimeUnit.SECONDS)).isPositive();
      int closedPort;
      try (java.net.ServerSocket unused = new java.net.ServerSocket(0)) {
        closedPort = unused.getLocalPort();
      }
      Multiaddr nothingListens = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort + "/p2p/" + b.peerId());
      assertThatThrownBy(() -> a.dialNew(nothingListens).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Exception.class);

      Multiaddr ownBareAddress = a.listenAddresses().get(0).withoutP2p();
      assertThatThrownBy(() -> a.dial(ownBareAddress).get(10, TimeUnit.SECONDS))
          .hasMessageContaining("the remote is this host itself");
      assertThat(a.connections(a.peerId())).isEmpty();
      Multiaddr quic = Multiaddr.parse("/ip4/127.0.0.1/udp/4001/quic-v1");
      assertThatThrownBy(() -> a.dial(quic).get(10, TimeUnit.SECONDS)).hasMessageContaining("not a TCP address");
      assertThatThrownBy(() -> a.listen(quic).get(10, TimeUnit.SECONDS)).hasMessageContaining("not a TCP address");
    }
  }

  @Test
  void dialingAServerThatIsNotLibp2pFailsNamingTheAddressAndTheHostCarriesOn() throws Exception {
    try (TestHosts hosts = new TestHosts();
        ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> answerLikeAnHttpServer(http), "fake-http-server");
      server.setDaemon(true);
      server.start();
      Host a = hosts.start();
      Host b = hosts.start();
      Multiaddr notLibp2p = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + http.getLocalPort() + "/p2p/" + b.peerId());

      assertThatThrownBy(() -> a.dial(notLibp2p).get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(ProtocolViolationException.class)
          .hasMessageContaining("cannot connect to " + notLibp2p)
          .hasMessageContaining("does not answer as a libp2p peer");
      assertThat(a.connections()).isEmpty();
      assertThat(a.ping(a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS))
          .isPositive();
    }
  }

  /** Reads what arrives and answers as an HTTP server does to a request it cannot parse: with an error page. */
  private static void answerLikeAnHttpServer(ServerSocket server) {
    String page = "<html><head><title>Error response</title></head><body><h1>Error response</h1>"
        + "<p>Error code: 400</p><p>Message: Bad request syntax.</p></body></html>\n";
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.getInputStream().read(new byte[256]);
        s.getOutputStream().write(("HTTP/1.0 400 Bad request syntax\r\nContent-Type: text/html\r\n"
            + "Content-Length: " + page.length() + "\r\n\r\n" + page).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(200); // let the dialer read the answer before the socket closes
      } catch (Exception e) {
        return;
      }
    }
  }

  @Test
  void newHandlersReachConnectedPeersThroughIdentifyPush() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      awaitIdentified(a, b, HostConfig.DEFAULT_AGENT_VERSION);
      b.setHandler("/samizdat/new/1.0.0", Stream::reset);
      awaitProtocols(a, b, true);
      b.removeHandler("/samizdat/new/1.0.0");
      awaitProtocols(a, b, false);
    }
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    HostConfig config = HostConfig.defaults().withTimeouts(HostConfig.DEFAULT_HANDSHAKE_TIMEOUT,
        HostConfig.DEFAULT_NEGOTIATION_TIMEOUT, Duration.ofMillis(400), HostConfig.DEFAULT_REQUEST_TIMEOUT);
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start(config);
      Host b = hosts.start();
      Connection c = a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((c.isOpen() || !b.connections().isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(c.isOpen()).isFalse();
      assertThat(a.connections()).isEmpty();
      assertThat(b.connections()).isEmpty();
    }
  }

  static void awaitProtocols(Host host, Host remote, boolean present) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var info = host.peerStore().get(remote.peerId());
      if (info.isPresent() && info.get().protocols().contains("/samizdat/new/1.0.0") == present) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("identify push never " + (present ? "added" : "removed") + " the protocol");
  }

  @Test
  void aHostListeningOnEveryInterfaceAnnouncesAddressesOthersCanDialNotTheUnspecifiedOne() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.startUnbound(HostConfig.defaults().withAgentVersion("samizdat-test/b"));
      Multiaddr everywhere = b.listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0")).get(10, TimeUnit.SECONDS);
      int port = everywhere.toInetSocketAddress().orElseThrow().getPort();

      a.dial(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port + "/p2p/" + b.peerId())).get(10, TimeUnit.SECONDS);
      awaitIdentified(a, b, "samizdat-test/b");

      List<Multiaddr> learned = a.peerStore().get(b.peerId()).orElseThrow().addresses();
      assertThat(learned).noneMatch(Multiaddr::isUnspecified).contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
    }
  }

  static void awaitIdentified(Host host, Host remote, String agent) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var info = host.peerStore().get(remote.peerId());
      if (info.isPresent() && info.get().agentVersion().filter(agent::equals).isPresent()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(host.peerId() + " never identified " + remote.peerId());
  }
}
