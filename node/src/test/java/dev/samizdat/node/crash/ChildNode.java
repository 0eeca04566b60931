package dev.samizdat.node.crash;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.node.home.NodeHome;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node in its own JVM, started the way a user starts one ({@code samizdat up}) with this test's
 * class path, on fixed ports so that it comes back where it was after a kill. Its output goes to a
 * log file in the home's parent directory.
 */
final class ChildNode implements AutoCloseable {
  /**
   * A JVM start plus node start-up (database, host, DHT join): 20–40 s were seen on the shared
   * 2-core machine at a load average of 20+.
   */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final NodeHome home;
  private final int p2pPort;
  private final int apiPort;
  private final List<Multiaddr> bootstrap;
  private final Path log;
  /**
   * The child's temporary directory, beside its home: RocksDB unpacks its native library (15 MB) there
   * and deletes it at a clean exit only, so a killed child would leave one in the system's each time.
   */
  private final Path temporaryDirectory;
  private final List<String> jvmOptions;
  private Process process;
  private int starts;

  ChildNode(NodeHome home, List<Multiaddr> bootstrap, List<String> jvmOptions) {
    this.home = home;
    this.p2pPort = freePort();
    this.apiPort = freePort();
    this.bootstrap = bootstrap;
    this.jvmOptions = jvmOptions;
    this.log = home.directory().resolveSibling(home.directory().getFileName() + ".log");
    this.temporaryDirectory = home.directory().resolveSibling(home.directory().getFileName() + ".tmp");
  }

  /** Starts the process and returns once its API answers. */
  void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Djava.io.tmpdir=" + temporaryDirectory);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.samizdat.node.cli.SamizdatCli", "up",
        "--home", home.directory().toString(), "--listen", "/ip4/127.0.0.1/tcp/" + p2pPort,
        "--api-port", Integer.toString(apiPort)));
    for (Multiaddr b : bootstrap) {
      command.addAll(List.of("--bootstrap", b.toString()));
    }
    try {
      Files.deleteIfExists(home.apiAddressFile());
      Files.createDirectories(temporaryDirectory);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start a node process: " + e.getMessage(), e);
    }
    starts++;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(home.apiAddressFile()) || !healthy()) {
      if (!process.isAlive()) {
        throw new AssertionError("the node process exited with " + process.exitValue() + ":\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the node process did not come up in " + START_TIMEOUT.toSeconds() + " s:\n"
            + logTail());
      }
      sleep(100);
    }
    try (var lines = Files.lines(log)) {
      lines.filter(l -> l.contains("WARN") || l.contains("going on")).forEach(l -> System.out.println("child: " + l));
    } catch (IOException e) {
      // The log is only for diagnosis.
    }
  }

  /** SIGKILL: no shutdown hook runs, RocksDB is left as the kernel has it. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the node closes itself. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  long pid() {
    return process.pid();
  }

  int starts() {
    return starts;
  }

  NodeHome home() {
    return home;
  }

  int p2pPort() {
    return p2pPort;
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  String token() {
    try {
      return Files.readString(home.apiTokenFile()).strip();
    } catch (IOException e) {
      throw new AssertionError("cannot read the API token: " + e.getMessage(), e);
    }
  }

  Path log() {
    return log;
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private boolean healthy() {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + "/api/contacts"))
          .header("Authorization", "Bearer " + token()).timeout(Duration.ofSeconds(2)).GET().build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException | AssertionError e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError("no free port: " + e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }
}
