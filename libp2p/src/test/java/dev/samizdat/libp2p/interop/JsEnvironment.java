package dev.samizdat.libp2p.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the js peer's directory and Node.js, and installs the npm packages it needs.
 *
 * <p>The directory is {@code -Dsamizdat.jsPeerDir}, or else {@code libp2p/src/test/js} found by
 * walking up from the working directory (Maven runs tests in the module directory, which is
 * {@code libp2p/} here and a sibling module when another module's tests use this harness).
 * Executables come from {@code -Dsamizdat.node} and {@code -Dsamizdat.npm}, defaulting to
 * {@code node} and {@code npm} on the PATH.
 *
 * <p>Thread-safe. {@link #ensureInstalled()} runs {@code npm ci} at most once per change of the
 * lock file, serialised across test JVMs by a file lock in the js directory.
 */
public final class JsEnvironment {
  /** js-libp2p 3 runs on Node 20 with the Promise.withResolvers polyfill; older ones lack APIs it uses. */
  static final int MIN_NODE_MAJOR = 20;

  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
  private static final String MARKER = ".samizdat-npm-ci";
  private static final String LOCK_FILE = ".install.lock";

  private static final Object INSTALL_MONITOR = new Object();
  /** Node's version is checked once per JVM; each check costs a process start. */
  private static volatile boolean nodeChecked;

  private final Path dir;
  private final String node;
  private final String npm;

  private JsEnvironment(Path dir, String node, String npm) {
    this.dir = dir;
    this.node = node;
    this.npm = npm;
  }

  /** The environment configured by system properties, located from the working directory. */
  public static JsEnvironment locate() {
    return new JsEnvironment(
        findDir(), System.getProperty("samizdat.node", "node"), System.getProperty("samizdat.npm", "npm"));
  }

  public Path dir() {
    return dir;
  }

  public String nodeExecutable() {
    return node;
  }

  private static Path findDir() {
    var configured = System.getProperty("samizdat.jsPeerDir");
    if (configured != null) {
      var dir = Path.of(configured).toAbsolutePath();
      if (!Files.isRegularFile(dir.resolve("peer.mjs"))) {
        throw new JsPeerException("-Dsamizdat.jsPeerDir=" + configured + " has no peer.mjs");
      }
      return dir;
    }
    var start = Path.of("").toAbsolutePath();
    for (var d = start; d != null; d = d.getParent()) {
      var own = d.resolve("src/test/js");
      if (d.getFileName() != null && d.getFileName().toString().equals("libp2p")
          && Files.isRegularFile(own.resolve("peer.mjs"))) {
        return own;
      }
      var sibling = d.resolve("libp2p/src/test/js");
      if (Files.isRegularFile(sibling.resolve("peer.mjs"))) {
        return sibling;
      }
    }
    throw new JsPeerException("cannot find libp2p/src/test/js/peer.mjs above " + start
        + "; run the tests from the project or set -Dsamizdat.jsPeerDir");
  }

  /** Checks that Node.js is present and recent enough, and that the npm packages are installed. */
  public void ensureInstalled() {
    if (!nodeChecked) {
      checkNodeVersion();
      nodeChecked = true;
    }
    synchronized (INSTALL_MONITOR) {
      if (upToDate()) {
        return;
      }
      try (var channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          var lock = channel.lock()) {
        if (upToDate()) {
          return; // another JVM installed them while this one waited
        }
        runNpmCi();
        Files.writeString(dir.resolve("node_modules").resolve(MARKER), "installed by npm ci\n");
      } catch (IOException e) {
        throw new JsPeerException("cannot install the js peer's npm packages in " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  private boolean upToDate() {
    var marker = dir.resolve("node_modules").resolve(MARKER);
    try {
      if (!Files.isRegularFile(marker)) {
        return false;
      }
      FileTime installed = Files.getLastModifiedTime(marker);
      return installed.compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0
          && installed.compareTo(Files.getLastModifiedTime(dir.resolve("package.json"))) >= 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkNodeVersion() {
    var out = run(List.of(node, "--version"), VERSION_TIMEOUT, "Node.js");
    var version = out.strip();
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    } catch (NumberFormatException e) {
      throw new JsPeerException("'" + node + " --version' printed '" + version + "', not a Node.js version");
    }
    if (major < MIN_NODE_MAJOR) {
      throw new JsPeerException("the js-libp2p interop tests need Node.js " + MIN_NODE_MAJOR + " or newer; "
          + node + " is " + version);
    }
  }

  private void runNpmCi() {
    run(List.of(npm, "--version"), VERSION_TIMEOUT, "npm");
    run(List.of(npm, "ci", "--no-audit", "--no-fund"), NPM_CI_TIMEOUT, "npm ci");
  }

  /** Runs a tool in the js directory and returns its output, or fails saying what was missing. */
  private String run(List<String> command, Duration timeout, String what) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new JsPeerException("cannot run " + what + " ('" + String.join(" ", command) + "'): " + e.getMessage()
          + ". The js-libp2p interop tests need Node.js " + MIN_NODE_MAJOR + "+ and npm on the PATH,"
          + " or -Dsamizdat.node / -Dsamizdat.npm", e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // nothing to send anyway; the tool sees end of input either way
    }
    var output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new JsPeerException("'" + String.join(" ", command) + "' did not finish within " + timeout);
      }
      var text = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new JsPeerException("'" + String.join(" ", command) + "' failed with exit code "
            + process.exitValue() + ":\n" + tail(text, 4000));
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new JsPeerException("interrupted while running " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new JsPeerException("cannot read the output of " + what, e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max);
  }

  /** The command line that starts peer.mjs with the given arguments. */
  List<String> peerCommand(List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(node);
    command.add(dir.resolve("peer.mjs").toString());
    command.addAll(arguments);
    return command;
  }
}
