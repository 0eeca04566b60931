package dev.samizdat.libp2p.perf;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamReader;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.interop.JsPeer;
import dev.samizdat.libp2p.interop.JsReplies;
import dev.samizdat.libp2p.noise.Noise;
import dev.samizdat.libp2p.noise.NoiseHandshake;
import dev.samizdat.libp2p.noise.NoiseIdentity;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Loopback throughput and latency of the Host, with the baselines they are judged against:
 * {@code /perf/1.0.0} Java↔Java, a raw TCP socket, and the one-way ChaCha20-Poly1305 rate of the
 * provider the Noise layer uses; plus Noise handshakes per second and connect + 1-byte round trip.
 * Run: see docs/PERFORMANCE.md.
 */
public final class PerfBenchmark {
  static final int MIB = 1 << 20;
  static final int MIN_WARM_UP_ROUNDS = 8;
  static final int MAX_WARM_UP_ROUNDS = 32;
  static final double SETTLED_COMPILING_SHARE = 0.02;

  public static void main(String[] args) throws Exception {
    long bytes = args.length > 0 ? Long.parseLong(args[0]) * MIB : 512L * MIB;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SecureRandom random = new SecureRandom();
    System.out.printf("payload %d MiB, best of %d rounds%n", bytes / MIB, rounds);
    CipherMeter meter = new CipherMeter(random);
    System.out.printf(Locale.ROOT, "cipher one-way (%s): %.0f MB/s%n", meter.cipher.provider(),
        best(rounds, () -> meter.rate(TimeUnit.SECONDS.toNanos(1))));
    System.out.printf(Locale.ROOT, "raw TCP: %.0f MB/s%n", best(rounds, () -> rawTcp(bytes, false)));
    System.out.printf(Locale.ROOT, "raw TCP, each 64 KiB sealed and opened: %.0f MB/s%n",
        best(rounds, () -> rawTcp(bytes, true)));

    Host server = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
    Host client = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
    try (JsPeer jsServer = JsPeer.start(); JsPeer jsClient = JsPeer.start()) {
      server.setHandler(PerfService.PROTOCOL_ID, new PerfService());
      Multiaddr at = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
      client.dial(at).get(10, TimeUnit.SECONDS);
      PeerId jsServerId = PeerId.parse(jsServer.peerId());
      client.dial(Multiaddr.parse(jsServer.listenAddr())).get(10, TimeUnit.SECONDS);
      String javaAddr = at.toString();
      Duration timeout = Duration.ofMinutes(5);

      warmUp(client, server.peerId());
      double[] cpu = {Double.MAX_VALUE, Double.MAX_VALUE};
      long compilingBefore = compilingMillis();
      double[] uploadShares = new double[rounds];
      double[] downloadShares = new double[rounds];
      report("java->java",
          besideCipher(rounds, meter, () -> perfCpu(client, server.peerId(), bytes, 0, cpu, 0), uploadShares),
          besideCipher(rounds, meter, () -> perfCpu(client, server.peerId(), 0, bytes, cpu, 1), downloadShares));
      System.out.printf(Locale.ROOT, "java->java: the JIT compiled for %.1f s while it was measured%n",
          (compilingMillis() - compilingBefore) / 1e3);
      System.out.printf(Locale.ROOT, "java->java share of the cipher's one-way rate measured around each round:"
          + " upload median %s, download median %s%n", shares(uploadShares), shares(downloadShares));
      System.out.printf(Locale.ROOT, "java->java CPU, all JVM threads: upload %.2f ns/byte   download %.2f ns/byte%n",
          cpu[0], cpu[1]);
      report("java->js", best(rounds, () -> perf(client, jsServerId, bytes, 0)),
          best(rounds, () -> perf(client, jsServerId, 0, bytes)));
      report("js->java", best(rounds, () -> mbps(jsClient.perf(javaAddr, bytes, 0, timeout))),
          best(rounds, () -> mbps(jsClient.perf(javaAddr, 0, bytes, timeout))));
      report("js->js", best(rounds, () -> mbps(jsClient.perf(jsServer.listenAddr(), bytes, 0, timeout))),
          best(rounds, () -> mbps(jsClient.perf(jsServer.listenAddr(), 0, bytes, timeout))));
      handshakes(at, random);
    } finally {
      client.close().get(10, TimeUnit.SECONDS);
      server.close().get(10, TimeUnit.SECONDS);
    }
  }

  static void report(String pair, double upload, double download) {
    System.out.printf(Locale.ROOT, "%-10s upload %6.0f MB/s   download %6.0f MB/s%n", pair, upload, download);
  }

  static double mbps(JsReplies.Perf perf) {
    return (perf.uploadBytes() + perf.downloadBytes()) / 1e3 / perf.elapsedMs();
  }

  interface Measure {
    double run() throws Exception;
  }

  static double best(int rounds, Measure m) throws Exception {
    double best = 0;
    for (int i = 0; i < rounds; i++) {
      best = Math.max(best, m.run());
    }
    return best;
  }

  /**
   * One-way seal rate of full Noise messages, in MB/s (10^6 bytes), direct buffer to direct buffer as
   * the Noise layer seals them (Conscrypt is 10–20 % faster that way than with arrays).
   */
  static final class CipherMeter {
    final AeadCipher cipher;
    private final ByteBuffer in = ByteBuffer.allocateDirect(Noise.MAX_PLAINTEXT_LENGTH);
    private final ByteBuffer out = ByteBuffer.allocateDirect(Noise.MAX_MESSAGE_LENGTH);
    private final ByteBuffer nonce = ByteBuffer.allocate(12);
    private long counter;

    CipherMeter(SecureRandom random) {
      cipher = Aead.chaCha20Poly1305(SymmetricKey.generate(random));
    }

    double rate(long nanos) {
      long total = 0;
      long start = System.nanoTime();
      while (System.nanoTime() - start < nanos) {
        nonce.putLong(4, counter++); // never repeats, also across measurements
        in.clear();
        out.clear();
        cipher.seal(nonce.array(), null, in, out);
        total += Noise.MAX_PLAINTEXT_LENGTH;
      }
      return total * 1e3 / (System.nanoTime() - start);
    }
  }

  /**
   * The best of {@code rounds} runs of {@code m}, each between two half-second cipher measurements;
   * {@code shares[i]} is round i's rate over the faster of its two cipher figures. This machine's
   * speed drifts by a third within minutes, for the cipher as for everything else, so a share is
   * only meaningful between rates measured together.
   */
  static double besideCipher(int rounds, CipherMeter meter, Measure m, double[] shares) throws Exception {
    long halfSecond = TimeUnit.MILLISECONDS.toNanos(500);
    double best = 0;
    for (int i = 0; i < rounds; i++) {
      double before = meter.rate(halfSecond);
      double rate = m.run();
      shares[i] = rate / Math.max(before, meter.rate(halfSecond));
      best = Math.max(best, rate);
    }
    return best;
  }

  /** "median % (each round's %)". */
  static String shares(double[] shares) {
    double[] sorted = shares.clone();
    Arrays.sort(sorted);
    StringBuilder each = new StringBuilder();
    for (double share : shares) {
      each.append(each.length() == 0 ? "" : ", ").append(Math.round(100 * share));
    }
    return String.format(Locale.ROOT, "%.0f %% (rounds: %s)", 100 * sorted[sorted.length / 2], each);
  }

  /** Plain sockets, one thread each side; with {@code sealed}, every message is sealed and opened. */
  static double rawTcp(long bytes, boolean sealed) throws Exception {
    SymmetricKey key = SymmetricKey.generate(new SecureRandom());
    int plain = Noise.MAX_PLAINTEXT_LENGTH;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread reader = new Thread(() -> {
        AeadCipher cipher = Aead.chaCha20Poly1305(key);
        byte[] nonce = new byte[12];
        try (Socket s = server.accept(); java.io.DataInputStream in = new java.io.DataInputStream(
            new java.io.BufferedInputStream(s.getInputStream(), 256 * 1024))) {
          byte[] buf = new byte[Noise.MAX_MESSAGE_LENGTH];
          byte[] out = new byte[Noise.MAX_MESSAGE_LENGTH];
          long n = 0;
          while (true) {
            int r = in.read(buf, 0, sealed ? plain + 16 : buf.length);
            if (r < 0) {
              break;
            }
            if (sealed) {
              in.readFully(buf, r, plain + 16 - r);
              nonce[4] = (byte) n++;
              cipher.open(nonce, null, buf, 0, plain + 16, out, 0);
            }
          }
        } catch (java.io.EOFException e) {
          // sender done
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      reader.start();
      AeadCipher cipher = Aead.chaCha20Poly1305(key);
      byte[] nonce = new byte[12];
      byte[] chunk = new byte[plain];
      byte[] wire = new byte[plain + 16];
      long start = System.nanoTime();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          OutputStream out = s.getOutputStream()) {
        long n = 0;
        for (long sent = 0; sent < bytes; sent += chunk.length) {
          if (sealed) {
            nonce[4] = (byte) n++;
            cipher.seal(nonce, null, chunk, 0, plain, wire, 0);
            out.write(wire);
          } else {
            out.write(chunk);
          }
        }
      }
      reader.join();
      return bytes * 1e3 / (System.nanoTime() - start);
    }
  }

  /**
   * Moves 256 MiB each way, again and again, until the JIT has settled: at least 2 GiB each way (the
   * first few hundred MiB run at a third of the steady rate), then until the compilers took less
   * than {@link #SETTLED_COMPILING_SHARE} of a round trip's time. Netty's call sites keep meeting new
   * buffer and executor classes for a while, and each recompiles a large inlined method.
   */
  static void warmUp(Host client, PeerId server) throws Exception {
    int rounds = 0;
    double share = 1;
    while (rounds < MIN_WARM_UP_ROUNDS || (share >= SETTLED_COMPILING_SHARE && rounds < MAX_WARM_UP_ROUNDS)) {
      long compilingBefore = compilingMillis();
      long start = System.nanoTime();
      perf(client, server, 256L * MIB, 0);
      perf(client, server, 0, 256L * MIB);
      share = (compilingMillis() - compilingBefore) / ((System.nanoTime() - start) / 1e6);
      rounds++;
    }
    System.out.printf(Locale.ROOT, "java->java warm-up: %.2f GiB each way, the JIT compiled for %.0f %% of the last"
        + " 256 MiB each way%n", rounds / 4.0, 100 * share);
  }

  /** Time the JIT compilers spent so far (summed over their threads). */
  static long compilingMillis() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  static double perf(Host client, PeerId server, long up, long down) throws Exception {
    Stream s = client.newStream(server, List.of(PerfService.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
    PerfResult r = PerfService.run(s, up, down, System::nanoTime).get(120, TimeUnit.SECONDS);
    return (up + down) * 1e3 / r.totalNanos();
  }

  /**
   * Like {@link #perf}, and records in {@code cpu[slot]} the least CPU time of all JVM threads per
   * byte moved: unlike the rate, it hardly changes when other processes take the cores.
   */
  static double perfCpu(Host client, PeerId server, long up, long down, double[] cpu, int slot) throws Exception {
    long before = jvmThreadCpuNanos();
    double rate = perf(client, server, up, down);
    cpu[slot] = Math.min(cpu[slot], (jvmThreadCpuNanos() - before) / (double) (up + down));
    return rate;
  }

  static long jvmThreadCpuNanos() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      total += Math.max(0, threads.getThreadCpuTime(id));
    }
    return total;
  }

  /** Sequential new connections (TCP + multistream + Noise + yamux), then connect + 1-byte echo latency. */
  static void handshakes(Multiaddr at, SecureRandom random) throws Exception {
    NoiseIdentity a = NoiseIdentity.generate(Ed25519PrivateKey.generate(random), random);
    NoiseIdentity b = NoiseIdentity.generate(Ed25519PrivateKey.generate(random), random);
    int handshakes = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < 2_000_000_000L) {
      NoiseHandshake i = NoiseHandshake.initiator(a, random);
      NoiseHandshake r = NoiseHandshake.responder(b, random);
      byte[] m2 = r.onReceived(ByteBuffer.wrap(i.start()));
      byte[] m3 = i.onReceived(ByteBuffer.wrap(m2));
      r.onReceived(ByteBuffer.wrap(m3));
      if (!i.isComplete() || !r.isComplete()) {
        throw new IllegalStateException("handshake did not complete");
      }
      handshakes++;
    }
    System.out.printf(Locale.ROOT, "Noise XX handshakes (both sides, one thread, no I/O): %.0f per second%n",
        handshakes * 1e9 / (System.nanoTime() - start));

    int n = 200;
    List<Long> latencies = new ArrayList<>();
    Host dialer = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
    try {
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        var c = dialer.dial(at).get(10, TimeUnit.SECONDS);
        Stream s = dialer.newStream(c.remotePeer(), List.of(PerfService.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
        StreamReader reader = new StreamReader(s);
        byte[] header = new byte[8];
        header[7] = 1;
        s.write(header);
        s.write(new byte[1]);
        s.closeWrite();
        reader.readToEnd(1).get(10, TimeUnit.SECONDS);
        latencies.add(System.nanoTime() - t);
        c.close().get(10, TimeUnit.SECONDS);
      }
      double perSecond = n * 1e9 / (System.nanoTime() - start);
      Collections.sort(latencies);
      System.out.printf(Locale.ROOT, "connections (dial+Noise+yamux+1-byte perf+close) per second: %.0f%n", perSecond);
      System.out.printf(Locale.ROOT, "connect + 1-byte round trip: median %.2f ms, p90 %.2f ms%n",
          latencies.get(n / 2) / 1e6, latencies.get(n * 9 / 10) / 1e6);
    } finally {
      dialer.close().get(10, TimeUnit.SECONDS);
    }
  }
}
