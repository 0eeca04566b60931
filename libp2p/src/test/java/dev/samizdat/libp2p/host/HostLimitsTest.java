package dev.samizdat.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.noise.Noise;
import dev.samizdat.libp2p.noise.NoiseIdentity;
import dev.samizdat.libp2p.noise.NoiseTransport;
import dev.samizdat.libp2p.noise.UnexpectedPeerException;
import dev.samizdat.libp2p.ping.PingService;
import dev.samizdat.libp2p.yamux.YamuxFrame;
import dev.samizdat.libp2p.yamux.YamuxFrameEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A misbehaving remote costs us one connection at most, and the host carries on. */
@Timeout(60)
class HostLimitsTest {

  @Test
  void connectionsBeyondThePerIpCapAreRefused() throws Exception {
    HostConfig config = HostConfig.defaults().withConnectionLimits(100, 2, 10);
    try (TestHosts hosts = new TestHosts()) {
      Host b = hosts.start(config);
      InetSocketAddress at = inet(b);
      List<Socket> silent = new ArrayList<>();
      try {
        silent.add(connect(at));
        silent.add(connect(at));
        Thread.sleep(200);
        Socket third = connect(at);
        silent.add(third);
        assertThat(readEof(third, 5000)).as("third connection from one IP is closed").isTrue();
        assertThat(readEof(silent.get(0), 300)).as("first connection stays open").isFalse();
      } finally {
        for (Socket s : silent) {
          s.close();
        }
      }
      // Once those are gone, a real peer gets in.
      Thread.sleep(300);
      Host a = hosts.start();
      assertThat(a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    }
  }

  @Test
  void inboundHandshakesInFlightAreCappedButOurOwnDialsAreNot() throws Exception {
    HostConfig config = HostConfig.defaults().withConnectionLimits(100, 100, 2);
    try (TestHosts hosts = new TestHosts()) {
      Host b = hosts.start(config);
      try (Socket one = connect(inet(b)); Socket two = connect(inet(b))) {
        Thread.sleep(200);
        try (Socket three = connect(inet(b))) {
          assertThat(readEof(three, 5000)).isTrue();
        }
        Host c = hosts.start();
        assertThat(dialed(b, c)).as("b's own dial, while strangers hold its handshake slots").isEqualTo(c.peerId());
      }
    }
  }

  @Test
  void silentClientIsDroppedAtTheHandshakeTimeout() throws Exception {
    HostConfig config = HostConfig.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10),
        Duration.ofMinutes(5), Duration.ofSeconds(30));
    try (TestHosts hosts = new TestHosts()) {
      Host b = hosts.start(config);
      long start = System.nanoTime();
      try (Socket silent = connect(inet(b))) {
        assertThat(readEof(silent, 5000)).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
      Host a = hosts.start();
      assertThat(a.ping(dialed(a, b)).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  @Test
  void garbageInsteadOfMultistreamClosesTheConnectionAtOnce() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host b = hosts.start();
      long start = System.nanoTime();
      try (Socket s = connect(inet(b))) {
        // A 5-byte message without its newline, then bytes that are no varint at all.
        s.getOutputStream().write("\u0005hello".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
        s.getOutputStream().flush();
        assertThat(readEof(s, 5000)).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      Host a = hosts.start();
      assertThat(a.ping(dialed(a, b)).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  @Test
  void dialAbortsWhenTheRemoteIsNotTheExpectedPeer() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger connectionLog = (Logger) LoggerFactory.getLogger(HostConnection.class);
    connectionLog.addAppender(log);
    PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      Multiaddr wrong = b.listenAddresses().get(0).withoutP2p().withP2p(someoneElse);
      assertThatThrownBy(() -> a.dial(wrong).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(UnexpectedPeerException.class);
      assertThat(a.connections()).isEmpty();
      assertThat(a.ping(dialed(a, b)).get(10, TimeUnit.SECONDS)).isPositive();
    } finally {
      connectionLog.detachAppender(log);
    }
    // An impostor is the remote's doing: one line with the reason, no warning with a stack trace.
    assertThat(log.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null)
        .anyMatch(e -> e.getFormattedMessage().contains("expected to reach peer " + someoneElse));
  }

  @Test
  void closingAConnectionMidTransferFreesItsStreamsOnBothSides() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      CompletableFuture<Throwable> serverSideReset = new CompletableFuture<>();
      b.setHandler(TestHosts.ECHO, s -> {
        s.resetHandler(serverSideReset::complete);
        TestHosts.echo(s);
      });
      Connection c = a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      Stream s = a.newStream(b.peerId(), List.of(TestHosts.ECHO)).get(10, TimeUnit.SECONDS);
      s.handler(d -> {});
      s.write(new byte[256 * 1024]);
      s.write(new byte[256 * 1024]);
      c.close().get(10, TimeUnit.SECONDS);

      assertThat(serverSideReset.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThatThrownBy(() -> s.closed().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Exception.class);
      awaitNoConnections(b);
      Host c2 = hosts.start();
      assertThat(c2.ping(dialed(c2, b)).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  @Test
  void aThirdConcurrentInboundPingStreamIsReset() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      List<Stream> open = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        open.add(a.newStream(b.peerId(), List.of(PingService.PROTOCOL_ID)).get(10, TimeUnit.SECONDS));
      }
      // Each stream says something so that b has handed all three to its ping service.
      for (Stream s : open) {
        s.write(new byte[PingService.PAYLOAD_LENGTH]);
      }
      CompletableFuture<?> anyReset = CompletableFuture.anyOf(open.stream()
          .map(s -> s.closed().handle((v, e) -> e)).toArray(CompletableFuture[]::new));
      assertThat(anyReset.get(10, TimeUnit.SECONDS)).isNotNull();
      long reset = open.stream().filter(s -> s.closed().isCompletedExceptionally()).count();
      assertThat(reset).isEqualTo(1);
      for (Stream s : open) {
        s.reset();
      }
      assertThat(a.ping(b.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  static PeerId dialed(Host from, Host to) throws Exception {
    return from.dial(to.listenAddresses().get(0)).get(10, TimeUnit.SECONDS).remotePeer();
  }

  @Test
  void aPeerThatSendsPingsAndNeverReadsTheRepliesIsDisconnected() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host b = hosts.start();
      try (Socket socket = connect(inet(b))) {
        NoiseTransport transport = upgrade(socket, b);
        byte[] ping = YamuxFrameEncoder.encode(new YamuxFrame.Ping(YamuxFrame.FLAG_SYN, 7));
        byte[] pings = new byte[Noise.MAX_PLAINTEXT_LENGTH / ping.length * ping.length];
        for (int i = 0; i < pings.length; i += ping.length) {
          System.arraycopy(ping, 0, pings, i, ping.length);
        }
        // About 200 MB of replies if each were queued; the socket is never read.
        OutputStream out = socket.getOutputStream();
        boolean refused = false;
        for (int i = 0; i < 3_000 && !refused; i++) {
          try {
            out.write(transport.encrypt(pings));
          } catch (IOException closedByTheHost) {
            refused = true;
          }
        }
        assertThat(refused).as("the host closed the connection").isTrue();
      }
      awaitNoConnections(b);
      Host a = hosts.start();
      assertThat(dialed(a, b)).isEqualTo(b.peerId());
    }
  }

  /** Dials {@code target} from a blocking socket through the whole upgrade (multistream, Noise, yamux). */
  static NoiseTransport upgrade(Socket socket, Host target) throws IOException {
    SecureRandom random = new SecureRandom();
    ConnectionUpgrade upgrade = new ConnectionUpgrade(true, NoiseIdentity.of(Ed25519PrivateKey.generate(random),
        X25519PrivateKey.generate(random), List.of(ConnectionUpgrade.MUXER_PROTOCOL)), target.peerId(), random,
        p -> Multistream.dialer(List.of(p)), p -> Multistream.listener(List.of(p)));
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(upgrade.start());
    byte[] buffer = new byte[65_536];
    while (!upgrade.isDone()) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new AssertionError("the host closed the connection during the upgrade");
      }
      out.write(upgrade.onReceived(ByteBuffer.wrap(buffer, 0, n)));
    }
    return upgrade.transport();
  }

  static void awaitNoConnections(Host host) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!host.connections().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(host.connections()).isEmpty();
  }

  static InetSocketAddress inet(Host host) {
    return host.listenAddresses().get(0).withoutP2p().toInetSocketAddress().orElseThrow();
  }

  static Socket connect(InetSocketAddress at) throws IOException {
    Socket s = new Socket();
    s.connect(at, 5000);
    return s;
  }

  /** Whether the remote closes the socket within {@code millis} (any bytes it sends first are skipped). */
  static boolean readEof(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (System.nanoTime() < deadline) {
        if (in.read() < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by peer counts as closed
    }
  }
}
