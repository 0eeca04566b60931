package dev.samizdat.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.perf.PerfService;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data through real hosts on loopback: many streams at once, flow control, resets. */
@Timeout(120)
class StreamTransferTest {
  static final int MIB = 1 << 20;

  @Test
  void hundredConcurrentEchoStreamsOfOneMebibyteArriveIntact() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      b.setHandler(TestHosts.ECHO, TestHosts::echo);
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);

      List<CompletableFuture<Void>> transfers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        byte[] payload = new byte[MIB];
        new Random(i).nextBytes(payload);
        transfers.add(a.newStream(b.peerId(), List.of(TestHosts.ECHO))
            .thenCompose(s -> TestHosts.echoRoundTrip(s, payload)));
      }
      CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
      assertThat(a.connections(b.peerId())).hasSize(1);
      awaitStreamsClosed(a.connections(b.peerId()).get(0));
    }
  }

  @Test
  void muxerNegotiatedWithMultistreamCarriesStreamsInBothDirections() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start(HostConfig.defaults().withInlineMuxerNegotiation(false));
      Host b = hosts.start();
      a.setHandler(TestHosts.ECHO, TestHosts::echo);
      b.setHandler(TestHosts.ECHO, TestHosts::echo);
      byte[] payload = new byte[300_000];
      new Random(7).nextBytes(payload);

      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      a.newStream(b.peerId(), List.of(TestHosts.ECHO)).thenCompose(s -> TestHosts.echoRoundTrip(s, payload))
          .get(20, TimeUnit.SECONDS);
      b.newStream(a.peerId(), List.of(TestHosts.ECHO)).thenCompose(s -> TestHosts.echoRoundTrip(s, payload))
          .get(20, TimeUnit.SECONDS);

      Host c = hosts.start();
      c.setHandler(TestHosts.ECHO, TestHosts::echo);
      c.dial(a.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      c.newStream(a.peerId(), List.of(TestHosts.ECHO)).thenCompose(s -> TestHosts.echoRoundTrip(s, payload))
          .get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void slowReaderThrottlesTheSenderInsteadOfGrowingItsMemory() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      CompletableFuture<Stream> served = new CompletableFuture<>();
      b.setHandler(TestHosts.ECHO, s -> {
        s.pause();
        s.handler(d -> {});
        served.complete(s);
      });
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      Stream s = a.newStream(b.peerId(), List.of(TestHosts.ECHO)).get(10, TimeUnit.SECONDS);
      s.write(new byte[1]);
      Stream remote = served.get(10, TimeUnit.SECONDS);

      AtomicLong accepted = new AtomicLong();
      byte[] chunk = new byte[64 * 1024];
      // Write 16 MiB, each write only after the previous one was taken by the muxer.
      CompletableFuture<Void> writer = CompletableFuture.completedFuture(null);
      for (int i = 0; i < 256; i++) {
        writer = writer.thenCompose(v -> s.write(chunk)).thenRun(() -> accepted.addAndGet(chunk.length));
      }
      Thread.sleep(1500);
      // What the muxer took is bounded by the remote's window plus yamux's send queue.
      assertThat(accepted.get()).isLessThanOrEqualTo(2L * MIB);
      assertThat(writer).isNotDone();

      AtomicLong received = new AtomicLong();
      remote.handler(d -> received.addAndGet(d.length));
      remote.resume();
      writer.get(30, TimeUnit.SECONDS);
      s.closeWrite();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (received.get() < 1 + 256L * chunk.length && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(received.get()).isEqualTo(1 + 256L * chunk.length);
    }
  }

  @Test
  void resetByTheRemoteFailsTheStreamAndTheConnectionCarriesOn() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      b.setHandler("/test/reset/1.0.0", s -> s.handler(d -> s.reset()));
      b.setHandler(TestHosts.ECHO, TestHosts::echo);

      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      Stream s = a.newStream(b.peerId(), List.of("/test/reset/1.0.0")).get(10, TimeUnit.SECONDS);
      CompletableFuture<Throwable> resetSeen = new CompletableFuture<>();
      s.resetHandler(resetSeen::complete);
      s.write(new byte[100]);
      assertThat(resetSeen.get(10, TimeUnit.SECONDS)).hasMessageContaining("reset");
      assertThatThrownBy(() -> s.closed().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThatThrownBy(() -> s.write(new byte[1]).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);

      byte[] payload = "still alive".getBytes();
      a.newStream(b.peerId(), List.of(TestHosts.ECHO)).thenCompose(e -> TestHosts.echoRoundTrip(e, payload))
          .get(10, TimeUnit.SECONDS);
      awaitStreamsClosed(a.connections(b.peerId()).get(0));
    }
  }

  @Test
  void unsupportedProtocolFailsNewStream() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> a.newStream(b.peerId(), List.of("/nope/1.0.0", "/nope/2.0.0"))
          .get(10, TimeUnit.SECONDS)).hasMessageContaining("supports none of");
      assertThat(a.ping(b.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  static void awaitStreamsClosed(Connection c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (c.streamCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(c.streamCount()).as("streams left open on " + c).isZero();
  }

  /** Every sealed buffer handed to the socket must go back to the pool once written. */
  @Test
  void sentBuffersReturnToThePoolSoDirectMemoryStaysFlat() throws Exception {
    long transfer = 512L * MIB;
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start();
      Host b = hosts.start();
      b.setHandler(PerfService.PROTOCOL_ID, new PerfService());
      a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      runPerf(a, b, MIB);
      long before = PlatformDependent.usedDirectMemory();
      assertThat(before).as("Netty tracks its direct memory").isNotNegative();

      runPerf(a, b, transfer);

      assertThat(PlatformDependent.usedDirectMemory() - before).isLessThan(transfer / 4);
    }
  }

  private static void runPerf(Host client, Host server, long upload) throws Exception {
    Stream s = client.newStream(server.peerId(), List.of(PerfService.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
    PerfService.run(s, upload, 0, System::nanoTime).get(90, TimeUnit.SECONDS);
  }
}
