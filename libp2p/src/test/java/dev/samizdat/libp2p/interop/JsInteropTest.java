package dev.samizdat.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.libp2p.host.TestHosts;
import dev.samizdat.libp2p.identify.IdentifyService;
import dev.samizdat.libp2p.perf.PerfService;
import dev.samizdat.libp2p.ping.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Host against a real js-libp2p peer on loopback, both directions. */
@Timeout(180)
class JsInteropTest {
  static final String AGENT = "samizdat-interop/1.0";
  static final int MIB = 1 << 20;

  @Test
  void javaDialsJs() throws Exception {
    try (TestHosts hosts = new TestHosts(); JsPeer js = JsPeer.start()) {
      Host java = javaHost(hosts, HostConfig.defaults());
      Connection c = java.dial(Multiaddr.parse(js.listenAddr())).get(20, TimeUnit.SECONDS);
      checkSession(java, js, c);
    }
  }

  @Test
  void jsDialsJava() throws Exception {
    try (TestHosts hosts = new TestHosts(); JsPeer js = JsPeer.start()) {
      Host java = javaHost(hosts, HostConfig.defaults());
      var jc = js.dial(java.listenAddresses().get(0).toString());
      assertThat(jc.peerId()).isEqualTo(java.peerId().toBase58());
      assertThat(jc.encryption()).isEqualTo("/noise");
      assertThat(jc.multiplexer()).isEqualTo("/yamux/1.0.0");
      Connection c = awaitConnection(java, PeerId.parse(js.peerId()));
      checkSession(java, js, c);
    }
  }

  @Test
  void muxerNegotiatedByMultistreamWorksWithJsInBothRoles() throws Exception {
    try (TestHosts hosts = new TestHosts(); JsPeer js = JsPeer.start()) {
      Host java = javaHost(hosts, HostConfig.defaults().withInlineMuxerNegotiation(false));
      Host other = javaHost(hosts, HostConfig.defaults().withInlineMuxerNegotiation(false));
      java.dial(Multiaddr.parse(js.listenAddr())).get(20, TimeUnit.SECONDS);
      assertThat(java.ping(PeerId.parse(js.peerId())).get(20, TimeUnit.SECONDS)).isPositive();
      var jc = js.dial(other.listenAddresses().get(0).toString());
      assertThat(jc.multiplexer()).isEqualTo("/yamux/1.0.0");
      assertThat(js.ping(other.peerId().toBase58())).isPositive();
      assertThat(js.echo(other.peerId().toBase58(), 4, 100_000, Duration.ofSeconds(30)).ok()).isTrue();
    }
  }

  @Test
  void hundredEchoStreamsOfOneMebibyteBothDirections() throws Exception {
    try (TestHosts hosts = new TestHosts(); JsPeer js = JsPeer.start()) {
      Host java = javaHost(hosts, HostConfig.defaults());
      PeerId jsId = PeerId.parse(js.peerId());
      java.dial(Multiaddr.parse(js.listenAddr())).get(20, TimeUnit.SECONDS);

      List<CompletableFuture<Void>> transfers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        byte[] payload = new byte[MIB];
        new Random(i).nextBytes(payload);
        transfers.add(java.newStream(jsId, List.of(JsPeer.ECHO_PROTOCOL))
            .thenCompose(s -> TestHosts.echoRoundTrip(s, payload)));
      }
      CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

      var echo = js.echo(java.peerId().toBase58(), 100, MIB, Duration.ofSeconds(120));
      assertThat(echo.failures()).isEmpty();
      assertThat(echo.ok()).isTrue();
      assertThat(echo.streams()).isEqualTo(100);
      assertThat(echo.bytes()).isEqualTo(MIB);
    }
  }

  @Test
  void javaFreesWhatJsResetsOrAbortsAndKeepsServing() throws Exception {
    try (TestHosts hosts = new TestHosts(); JsPeer js = JsPeer.start()) {
      Host java = javaHost(hosts, HostConfig.defaults());
      String javaId = java.peerId().toBase58();
      PeerId jsId = PeerId.parse(js.peerId());
      js.dial(java.listenAddresses().get(0).toString());
      Connection c = awaitConnection(java, jsId);

      var reset = js.echoReset(javaId, 8 * MIB, MIB, false);
      assertThat(reset.mode()).isEqualTo("stream");
      awaitTrue(() -> c.streamCount() == 0, "java frees the reset stream");
      assertThat(c.isOpen()).isTrue();
      assertThat(js.echo(javaId, 3, 100_000, Duration.ofSeconds(30)).ok()).isTrue();

      js.echoReset(javaId, 8 * MIB, MIB, true);
      awaitTrue(() -> !c.isOpen() && java.connections(jsId).isEmpty(), "java drops the aborted connection");
      assertThat(c.streamCount()).isZero();

      // Java keeps serving: js reconnects, and Java can reach js too.
      assertThat(js.echo(java.listenAddresses().get(0).toString(), 3, 100_000, Duration.ofSeconds(30)).ok()).isTrue();
      assertThat(java.ping(jsId).get(20, TimeUnit.SECONDS)).isPositive();
    }
  }

  static Host javaHost(TestHosts hosts, HostConfig config) throws Exception {
    Host host = hosts.start(config.withAgentVersion(AGENT));
    host.setHandler(JsPeer.ECHO_PROTOCOL, TestHosts::echo);
    host.setHandler(PerfService.PROTOCOL_ID, new PerfService());
    return host;
  }

  /** Both sides see each other's id, identify each other correctly, and ping works both ways. */
  static void checkSession(Host java, JsPeer js, Connection c) throws Exception {
    PeerId jsId = PeerId.parse(js.peerId());
    assertThat(c.remotePeer()).isEqualTo(jsId);
    awaitTrue(() -> java.peerStore().get(jsId).flatMap(i -> i.agentVersion()).isPresent(), "java identifies js");
    var info = java.peerStore().get(jsId).orElseThrow();
    assertThat(info.agentVersion()).contains(js.ready().agentVersion());
    assertThat(info.protocols()).contains(PingService.PROTOCOL_ID, IdentifyService.PROTOCOL_ID,
        JsPeer.ECHO_PROTOCOL);
    assertThat(info.publicKey()).isPresent();

    var seen = js.identify(java.peerId().toBase58());
    assertThat(seen.agentVersion()).isEqualTo(AGENT);
    assertThat(seen.protocols()).contains(PingService.PROTOCOL_ID, IdentifyService.PROTOCOL_ID,
        IdentifyService.PUSH_PROTOCOL_ID, JsPeer.ECHO_PROTOCOL, PerfService.PROTOCOL_ID);
    assertThat(seen.listenAddrs()).isNotEmpty();

    assertThat(java.ping(jsId).get(20, TimeUnit.SECONDS)).isPositive();
    // js-libp2p reports the round trip in whole milliseconds: on loopback 0 is a real answer.
    assertThat(js.ping(java.peerId().toBase58())).isNotNegative();
  }

  static Connection awaitConnection(Host host, PeerId peer) throws InterruptedException {
    awaitTrue(() -> !host.connections(peer).isEmpty(), "connection from " + peer);
    return host.connections(peer).get(0);
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(20);
    }
  }
}
