package dev.samizdat.libp2p.interop;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O side of a js peer: the node process, its JSON-lines stdin/stdout protocol and its stderr.
 * Replies are matched to requests by id; events go to a {@link JsEventLog}.
 *
 * <p>Thread-safe. Two daemon threads per process read stdout and stderr; futures complete on the
 * stdout reader, so callers must not block inside their callbacks.
 */
final class JsPeerProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JsPeerProcess.class);

  /** stderr lines kept for failure messages. */
  static final int STDERR_TAIL_LINES = 200;
  /** Extra time the Java side waits beyond the js-side timeout, so js reports the timeout itself. */
  static final Duration REPLY_MARGIN = Duration.ofSeconds(5);
  /** How long "stop" may take before the process is destroyed, then destroyed forcibly. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final Writer stdin;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<JsonObject> ready = new CompletableFuture<>();
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private final JsEventLog events = new JsEventLog();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile boolean closing;

  JsPeerProcess(List<String> command, Path dir) {
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).start();
    } catch (IOException e) {
      throw new JsPeerException("cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
    }
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    var name = "js-peer-" + process.pid();
    startDaemon(name + "-stdout", this::readStdout);
    startDaemon(name + "-stderr", this::readStderr);
  }

  private static void startDaemon(String name, Runnable body) {
    var thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the "ready" event; on failure destroys the process and says why. */
  JsonObject awaitReady(Duration timeout) {
    try {
      return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      close();
      throw new JsPeerException("js peer was not ready within " + timeout + "; stderr:\n" + stderrTail(), e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new JsPeerException("interrupted while starting the js peer", e);
    } catch (ExecutionException e) {
      close();
      throw new JsPeerException(e.getCause().getMessage() + "; stderr:\n" + stderrTail(), e.getCause());
    }
  }

  /**
   * Sends one command; the future completes with its "result", or fails with a JsPeerException
   * carrying the js error code, or with code "timeout" when no reply came in time.
   */
  CompletableFuture<JsonObject> request(String cmd, JsonObject args, Duration timeout) {
    long id = nextId.getAndIncrement();
    var reply = new CompletableFuture<JsonObject>();
    var message = args.copy().put("id", id).put("cmd", cmd).put("timeoutMs", timeout.toMillis());
    pending.put(id, reply);
    if (exited.isDone()) {
      pending.remove(id);
      return CompletableFuture.failedFuture(died("cannot send " + cmd));
    }
    try {
      synchronized (stdin) {
        stdin.write(message.encode());
        stdin.write('\n');
        stdin.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      return CompletableFuture.failedFuture(new JsPeerException("cannot send " + cmd + " to the js peer", e));
    }
    return reply
        .orTimeout(timeout.plus(REPLY_MARGIN).toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> pending.remove(id))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
            ? new JsPeerException("timeout", "no reply to " + cmd + " within " + timeout.plus(REPLY_MARGIN), e)
            : e));
  }

  JsEventLog events() {
    return events;
  }

  String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  private void readStdout() {
    try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        dispatch(line);
      }
    } catch (IOException e) {
      log.debug("js peer {} stdout: {}", process.pid(), e.toString());
    }
    process.onExit().thenAccept(p -> onExit(p.exitValue()));
  }

  private void dispatch(String line) {
    JsonObject message;
    try {
      message = new JsonObject(line);
    } catch (DecodeException e) {
      keepStderr("[stdout, not JSON] " + line);
      return;
    }
    if (message.containsKey("event")) {
      onEvent(message);
    } else if (message.containsKey("id")) {
      var reply = pending.remove(message.getLong("id"));
      if (reply == null) {
        keepStderr("[late or unknown reply] " + line);
      } else if (message.getBoolean("ok", false)) {
        reply.complete(message.getJsonObject("result", new JsonObject()));
      } else {
        reply.completeExceptionally(
            new JsPeerException(message.getString("code", "failed"), message.getString("error", line), null));
      }
    } else {
      keepStderr("[stdout, neither event nor reply] " + line);
    }
  }

  private void onEvent(JsonObject event) {
    switch (event.getString("event")) {
      case "ready" -> ready.complete(event);
      case "fatal" -> ready.completeExceptionally(new JsPeerException("js peer failed to start: " + event.getString("error")));
      default -> { }
    }
    events.add(event);
  }

  private void readStderr() {
    try (var reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.debug("js peer {}: {}", process.pid(), line);
        keepStderr(line);
      }
    } catch (IOException e) {
      log.debug("js peer {} stderr: {}", process.pid(), e.toString());
    }
  }

  private void keepStderr(String line) {
    synchronized (stderrTail) {
      if (stderrTail.size() == STDERR_TAIL_LINES) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(line);
    }
  }

  private void onExit(int code) {
    exited.complete(code);
    var failure = died("js peer exited");
    ready.completeExceptionally(failure);
    pending.values().forEach(f -> f.completeExceptionally(failure));
    pending.clear();
    events.failAll(failure);
  }

  private JsPeerException died(String what) {
    var code = exited.getNow(null);
    var how = closing ? "after close" : "unexpectedly";
    return new JsPeerException(what + ": the process ended " + how
        + (code == null ? "" : " with exit code " + code) + "; stderr:\n" + stderrTail());
  }

  /** Asks the peer to stop, then destroys it if it lingers. Idempotent. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (process.isAlive()) {
      try {
        request("stop", new JsonObject(), STOP_GRACE).get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("js peer {} did not acknowledge stop: {}", process.pid(), e.toString());
      }
      try {
        stdin.close();
      } catch (IOException e) {
        log.debug("js peer {} stdin: {}", process.pid(), e.toString());
      }
    }
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
