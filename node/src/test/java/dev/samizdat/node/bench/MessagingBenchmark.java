package dev.samizdat.node.bench;

import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.ratchet.RatchetSession;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Node;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end messaging between two nodes on 127.0.0.1 in this JVM, real RocksDB and sockets: 1 KiB
 * messages from Alice to Bob, counted when Alice's event stream says DELIVERED (ratchet and Alice's
 * synced outbox commit, Noise, Yamux, Bob's synced commit, the answer, Alice's delivery mark). The
 * senders are threads calling {@link Messaging#send}, as concurrent API requests would; each
 * blocks until its message is durably queued, so too few of them leave the node idle between their
 * commits instead of saturating it. Beside it, in the same run: RocksDB synced single-row commits per
 * second, and ratchet encrypt+decrypt per second of 1 KiB. Then how long Bob's node takes to rewrite
 * its messages table, as it does after disappearing messages were deleted. Then idle RSS of a
 * {@code samizdat up} child process after 30 s. Arguments: messages for the saturated run (default 5000), seconds of the
 * half-load run (default 10), idle seconds (default 30, 0 skips it), the rate offered in the latency
 * run (default 0: half the saturated rate), and the number of sending threads (default
 * {@value #DEFAULT_SENDERS}).
 */
public final class MessagingBenchmark {
  private static final int MESSAGE_BYTES = 1024;
  private static final int DEFAULT_SENDERS = 16;
  private static final int MAX_WARM_UP_ROUNDS = 6;
  private static final double SETTLED_COMPILING_SHARE = 0.05;
  /** Threads calling {@code send}, set once from the arguments. */
  private static int senders;

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int halfLoadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    double offeredRate = args.length > 3 ? Double.parseDouble(args[3]) : 0; // 0: half the saturated rate
    senders = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_SENDERS;
    Path root = Files.createTempDirectory("samizdat-bench");
    try {
      run(root, messages, halfLoadSeconds, idleSeconds, offeredRate);
    } finally {
      NodeHome.deleteTree(root);
    }
  }

  private static void run(Path root, int messages, int halfLoadSeconds, int idleSeconds, double offeredRate)
      throws Exception {
    SecureRandom random = new SecureRandom();
    System.out.printf("machine: %d cores, %s %s, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage());

    System.out.printf("RocksDB synced commits (1 KiB row): %,.0f /s%n", syncedWrites(root.resolve("db"), random));
    System.out.printf("ratchet encrypt+decrypt 1 KiB, same chain: %,.0f /s%n", ratchetRate(random));

    try (Node alice = Node.start(home(root, "alice", random), config(List.of()), Optional.empty(), List.of());
        Node bob = Node.start(home(root, "bob", random), config(alice.listenAddresses().stream()
            .map(Object::toString).toList()), Optional.empty(), List.of())) {
      String body = "x".repeat(MESSAGE_BYTES);
      Deliveries deliveries = new Deliveries();
      try (AutoCloseable subscription = alice.context().events().subscribe(deliveries::onEvent)) {
        warmUp(alice.messaging(), bob.peerId(), body, messages, deliveries);
        long cpuBefore = processCpuNanos();
        long compilingBefore = compilingMillis();
        long writtenBefore = diskBytesWritten();
        double rate = saturated(alice.messaging(), bob.peerId(), body, messages, deliveries);
        double cpuPerMessage = (processCpuNanos() - cpuBefore) / 1e3 / messages;
        System.out.printf("saturated: %d messages of 1 KiB delivered at %,.0f /s; CPU (both nodes and the senders)"
            + " %.0f µs per message, so %,.0f /s if this machine's %d cores did nothing else; the JIT compiled"
            + " for %.1f s meanwhile; %d sending threads%n", messages, rate, cpuPerMessage,
            Runtime.getRuntime().availableProcessors() * 1e6 / cpuPerMessage,
            Runtime.getRuntime().availableProcessors(), (compilingMillis() - compilingBefore) / 1e3, senders);
        if (writtenBefore >= 0) {
          System.out.printf("disk: %.1f KB written per message (logs, flushes and compactions of both nodes)%n",
              (diskBytesWritten() - writtenBefore) / 1e3 / messages);
        }
        halfLoad(alice.messaging(), bob.peerId(), body, offeredRate > 0 ? offeredRate : rate / 2, halfLoadSeconds,
            deliveries);
      }
      purge(bob, new NodeHome(root.resolve("bob")).databaseDirectory());
    }
    if (idleSeconds > 0) {
      idleRss(root.resolve("idle"), idleSeconds);
    }
  }

  private static NodeHome home(Path root, String name, SecureRandom random) {
    NodeHome home = new NodeHome(root.resolve(name));
    NodeIdentity.create(home, Optional.empty(), random);
    return home;
  }

  private static NodeConfig config(List<String> bootstrap) {
    return NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withApiPort(0).withBootstrap(bootstrap);
  }

  /** When each message was sent, and when its DELIVERED event came. */
  static final class Deliveries {
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger delivered = new AtomicInteger();

    /** Delivered before {@link Messaging#send} returned its id to the sender thread (a round already running took it). */
    private final Map<String, Long> deliveredEarly = new ConcurrentHashMap<>();
    /** Whether latencies are being measured (only then are delivery times kept: the rest is garbage). */
    private volatile boolean timing;

    synchronized void sent(MessageId id, long nanos) {
      String key = id.toHex();
      sentAt.put(key, nanos);
      Long early = deliveredEarly.remove(key);
      if (early != null && sentAt.remove(key) != null) {
        latencies.add(early - nanos);
      }
    }

    synchronized void onEvent(JsonObject event) {
      if ("message-state".equals(event.getString("type")) && "delivered".equals(event.getString("state"))) {
        if (timing) {
          long now = System.nanoTime();
          String key = event.getString("id");
          deliveredEarly.put(key, now);
          Long sent = sentAt.remove(key);
          if (sent != null && deliveredEarly.remove(key) != null) {
            latencies.add(now - sent);
          }
        }
        delivered.incrementAndGet();
      }
    }

    void timing(boolean on) {
      timing = on;
    }

    /** Waits until {@code count} more messages than {@code before} were delivered. */
    void await(int before, int count, long timeoutSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (delivered.get() < before + count && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }

    long[] takeLatencies() {
      synchronized (latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        latencies.clear();
        return sorted;
      }
    }
  }

  /**
   * Runs the saturated load until the JIT has settled: a node runs for days, so what counts is the
   * compiled path. Each round is as long as the measured run; they stop once the compilers took
   * less than {@link #SETTLED_COMPILING_SHARE} of a round's time, or after {@link #MAX_WARM_UP_ROUNDS}.
   */
  static void warmUp(Messaging alice, PeerId bob, String body, int count, Deliveries deliveries) throws Exception {
    for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
      long compilingBefore = compilingMillis();
      long start = System.nanoTime();
      saturated(alice, bob, body, count, deliveries);
      double share = (compilingMillis() - compilingBefore) / ((System.nanoTime() - start) / 1e6);
      System.out.printf("warm-up round %d: the JIT compiled for %.0f %% of it%n", round, 100 * share);
      if (share < SETTLED_COMPILING_SHARE) {
        return;
      }
    }
  }

  /** Sends {@code count} messages from the sending threads; messages/s until all are DELIVERED. */
  static double saturated(Messaging alice, PeerId bob, String body, int count, Deliveries deliveries)
      throws Exception {
    int before = deliveries.delivered.get();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      pool.execute(() -> alice.send(bob, body));
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    deliveries.await(before, count, 600);
    return (deliveries.delivered.get() - before) / ((System.nanoTime() - start) / 1e9);
  }

  /** Sends at {@code rate} messages/s for {@code seconds}; prints send-to-DELIVERED latency. */
  static void halfLoad(Messaging alice, PeerId bob, String body, double rate, int seconds, Deliveries deliveries)
      throws Exception {
    int before = deliveries.delivered.get();
    int total = (int) (rate * seconds);
    List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    deliveries.timing(true);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long start = System.nanoTime();
    long interval = (long) (1e9 / rate);
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      while (System.nanoTime() < due) {
        Thread.sleep(0, 100_000);
      }
      pool.execute(() -> {
        long sentAt = System.nanoTime();
        MessageId id = alice.send(bob, body);
        acknowledged.add(System.nanoTime() - sentAt);
        deliveries.sent(id, sentAt);
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    deliveries.await(before, total, 60);
    deliveries.timing(false);
    long[] sorted = deliveries.takeLatencies();
    System.out.printf("half load: %,.0f /s offered for %d s, %d delivered, latency send→DELIVERED p50 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms%n", rate, seconds, sorted.length, percentile(sorted, 0.50),
        percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    long[] sends = acknowledged.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("half load: send acknowledged (durably queued) p50 %.1f ms, p99 %.1f ms%n",
        percentile(sends, 0.50), percentile(sends, 0.99));
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  static double syncedWrites(Path directory, SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    byte[] value = new byte[MESSAGE_BYTES];
    try (Database db = Database.open(directory, secret, random)) {
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(3);
      int n = 0;
      while (System.nanoTime() < end) {
        try (Database.Batch batch = db.batch()) {
          batch.put(Table.MESSAGES, RowKey.of("bench".getBytes(), n++), value).commit(true);
        }
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  static double ratchetRate(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    X25519PrivateKey bobKey = X25519PrivateKey.generate(random);
    byte[] ad = new byte[64];
    RatchetSession a = RatchetSession.initiator(secret, bobKey.publicKey(), ad, random);
    RatchetSession b = RatchetSession.responder(secret, bobKey, ad);
    byte[] plaintext = new byte[MESSAGE_BYTES];
    for (int i = 0; i < 20_000; i++) {
      b.decrypt(a.encrypt(plaintext), random);
    }
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(3);
    int n = 0;
    while (System.nanoTime() < end) {
      if (!Arrays.equals(b.decrypt(a.encrypt(plaintext), random), plaintext)) {
        throw new AssertionError("ratchet round trip changed the message");
      }
      n++;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** Starts {@code samizdat up} in a child JVM (default heap settings), waits, reads VmRSS. */
  static void idleRss(Path home, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "dev.samizdat.node.cli.SamizdatCli", "up", "--home", home.toString(),
        "--listen", "/ip4/127.0.0.1/tcp/0", "--api-port", "0").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      NodeHome nodeHome = new NodeHome(home);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(nodeHome.apiAddressFile()) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(seconds * 1000L);
      String rss = Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
          .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
      System.out.println("idle child node after start + " + seconds + " s: " + rss);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Bytes this process caused to be written to the disk so far (-1 where the kernel does not say). */
  /** How long the rewrite that follows disappearing messages takes on Bob's whole history. */
  private static void purge(Node node, Path databaseDirectory) throws IOException {
    long before = directoryBytes(databaseDirectory);
    long start = System.nanoTime();
    node.context().database().purge(Table.MESSAGES);
    System.out.printf("purge: the receiver's messages table rewritten in %.2f s; database %.0f MB before, %.0f MB after%n",
        (System.nanoTime() - start) / 1e9, before / 1e6, directoryBytes(databaseDirectory) / 1e6);
  }

  private static long directoryBytes(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long diskBytesWritten() {
    try {
      return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("write_bytes:"))
          .mapToLong(l -> Long.parseLong(l.substring("write_bytes:".length()).trim())).findFirst().orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Time the JIT compilers spent so far (summed over their threads). */
  private static long compilingMillis() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
