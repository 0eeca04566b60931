package dev.samizdat.libp2p.interop;

import dev.samizdat.libp2p.interop.JsReplies.Connection;
import dev.samizdat.libp2p.interop.JsReplies.DhtValue;
import dev.samizdat.libp2p.interop.JsReplies.Echo;
import dev.samizdat.libp2p.interop.JsReplies.EchoReset;
import dev.samizdat.libp2p.interop.JsReplies.Identify;
import dev.samizdat.libp2p.interop.JsReplies.PeerInfo;
import dev.samizdat.libp2p.interop.JsReplies.Perf;
import dev.samizdat.libp2p.interop.JsReplies.Provided;
import dev.samizdat.libp2p.interop.JsReplies.Ready;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A js-libp2p peer (libp2p/src/test/js/peer.mjs) running as a child process, for interop tests.
 * It listens on 127.0.0.1, serves identify, ping, {@code /samizdat/echo/1.0.0}, {@code /perf/1.0.0}
 * and, when started with a DHT, kad-dht; the methods here make it act as a client.
 *
 * <p>A "peer" argument is a PeerId ({@code 12D3KooW…}) of a peer js is connected to or knows
 * addresses for, or a multiaddr (starting with {@code /}) that js dials first. Every command has a
 * timeout; a failure or timeout throws {@link JsPeerException}. Thread-safe: commands may run
 * concurrently. {@link #close()} stops the process; use try-with-resources.
 */
public final class JsPeer implements AutoCloseable {
  public static final String ECHO_PROTOCOL = "/samizdat/echo/1.0.0";
  public static final String PERF_PROTOCOL = "/perf/1.0.0";
  /** Keys under this prefix use the js peer's test validator and selector (greatest value wins). */
  public static final String TEST_KEY_PREFIX = "/test/";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final JsPeerProcess process;
  private final Ready ready;

  private JsPeer(JsPeerProcess process, Ready ready) {
    this.process = process;
    this.ready = ready;
  }

  /** Starts a js peer with default options (random key, no DHT) and waits until it listens. */
  public static JsPeer start() {
    return start(JsPeerOptions.defaults());
  }

  /** Installs the npm packages if needed, starts a js peer and waits until it listens. */
  public static JsPeer start(JsPeerOptions options) {
    var env = JsEnvironment.locate();
    env.ensureInstalled();
    var process = new JsPeerProcess(env.peerCommand(options.arguments()), env.dir());
    var ready = Ready.from(process.awaitReady(options.startTimeout()));
    return new JsPeer(process, ready);
  }

  public Ready ready() {
    return ready;
  }

  public String peerId() {
    return ready.peerId();
  }

  /** The first listen address, with its {@code /p2p/<peerId>} suffix. */
  public String listenAddr() {
    return ready.addrs().get(0);
  }

  // --- connections -------------------------------------------------------------------------------

  /** js dials the multiaddr (include {@code /p2p/<id>} to have js check the remote's identity). */
  public Connection dial(String multiaddr) {
    return Connection.from(call("dial", new JsonObject().put("addr", multiaddr), DEFAULT_TIMEOUT));
  }

  public List<Connection> connections() {
    return call("connections", new JsonObject(), DEFAULT_TIMEOUT).getJsonArray("connections").stream()
        .map(o -> Connection.from((JsonObject) o))
        .toList();
  }

  /** Closes every connection to the peer cleanly (libp2p hangUp). */
  public void hangUp(String peer) {
    call("hangUp", new JsonObject().put("peer", peer), DEFAULT_TIMEOUT);
  }

  /** Aborts every connection to the peer at once: no yamux GO_AWAY, pending data dropped. */
  public void closeConnectionsAbruptly(String peerId) {
    call("closeConnection", new JsonObject().put("peer", peerId).put("abrupt", true), DEFAULT_TIMEOUT);
  }

  // --- identify, ping ----------------------------------------------------------------------------

  /** Round-trip time in milliseconds of one libp2p ping. */
  public double ping(String peer) {
    return call("ping", new JsonObject().put("peer", peer), DEFAULT_TIMEOUT).getDouble("rttMs");
  }

  /** What js stored from the identify exchange it ran when the connection opened. */
  public Identify identify(String peerId) {
    return Identify.from(call("identify", new JsonObject().put("peer", peerId), DEFAULT_TIMEOUT));
  }

  /** Runs a new identify exchange on an existing connection and returns its result. */
  public Identify identifyAgain(String peerId) {
    return Identify.from(call("identify", new JsonObject().put("peer", peerId).put("refresh", true), DEFAULT_TIMEOUT));
  }

  // --- echo, perf --------------------------------------------------------------------------------

  /** Opens {@code streams} concurrent echo streams of {@code bytes} random bytes each; js checks every byte. */
  public Echo echo(String peer, int streams, int bytes, Duration timeout) {
    return Echo.from(call("echo", new JsonObject().put("peer", peer).put("streams", streams).put("bytes", bytes),
        timeout));
  }

  /**
   * Starts an echo transfer of {@code bytes}; after sending {@code resetAfter} bytes and seeing
   * the first echoed byte, js resets the stream, or with {@code wholeConnection} aborts the connection.
   */
  public EchoReset echoReset(String peer, int bytes, int resetAfter, boolean wholeConnection) {
    return EchoReset.from(call("echoReset", new JsonObject().put("peer", peer).put("bytes", bytes)
        .put("resetAfter", resetAfter).put("mode", wholeConnection ? "connection" : "stream"), DEFAULT_TIMEOUT));
  }

  /** js as perf client: uploads {@code upload} bytes, then downloads {@code download} bytes. */
  public Perf perf(String peer, long upload, long download, Duration timeout) {
    return Perf.from(call("perf", new JsonObject().put("peer", peer).put("upload", upload).put("download", download),
        timeout));
  }

  // --- kad-dht (peer started with JsPeerOptions.withDht()) -----------------------------------------

  /** Peers in js's kad routing table (js adds a peer only after identify and a successful ping). */
  public List<String> dhtRoutingTable() {
    return JsReplies.strings(call("dhtRoutingTable", new JsonObject(), DEFAULT_TIMEOUT).getJsonArray("peers"));
  }

  /** Polls until the routing table holds at least {@code min} peers. */
  public List<String> awaitRoutingTable(int min, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var peers = dhtRoutingTable();
      if (peers.size() >= min) {
        return peers;
      }
      if (System.nanoTime() > deadline) {
        throw new JsPeerException("js routing table has " + peers + " after " + timeout + ", wanted " + min + " peers");
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /** Stores the record; returns the peers that acknowledged PUT_VALUE. */
  public List<String> dhtPut(byte[] key, byte[] value) {
    var reply = call("dhtPut", new JsonObject().put("keyHex", HexFormat.of().formatHex(key))
        .put("valueHex", HexFormat.of().formatHex(value)), DEFAULT_TIMEOUT);
    return JsReplies.strings(reply.getJsonArray("storedAt"));
  }

  public List<String> dhtPut(String key, String value) {
    return dhtPut(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }

  /** The best value js found for the key; fails if none was found. */
  public DhtValue dhtGet(byte[] key) {
    return DhtValue.from(call("dhtGet", new JsonObject().put("keyHex", HexFormat.of().formatHex(key)), DEFAULT_TIMEOUT));
  }

  public DhtValue dhtGet(String key) {
    return dhtGet(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Announces js as provider of the CIDv1 (raw, sha2-256) of the UTF-8 content. */
  public Provided dhtProvideContent(String content) {
    return Provided.from(call("dhtProvide", new JsonObject().put("content", content), DEFAULT_TIMEOUT));
  }

  /** Announces js as provider of the CID given in text form. */
  public Provided dhtProvide(String cid) {
    return Provided.from(call("dhtProvide", new JsonObject().put("cid", cid), DEFAULT_TIMEOUT));
  }

  public List<PeerInfo> dhtFindProviders(String cid) {
    return call("dhtFindProviders", new JsonObject().put("cid", cid), DEFAULT_TIMEOUT).getJsonArray("providers")
        .stream().map(o -> PeerInfo.from((JsonObject) o)).toList();
  }

  public PeerInfo dhtFindPeer(String peerId) {
    return PeerInfo.from(call("dhtFindPeer", new JsonObject().put("peer", peerId), DEFAULT_TIMEOUT));
  }

  // --- generic access ----------------------------------------------------------------------------

  /** Sends any command of commands.mjs; the future holds its "result" object. */
  public CompletableFuture<JsonObject> send(String cmd, JsonObject args, Duration timeout) {
    return process.request(cmd, args, timeout);
  }

  /** Sends a command and blocks for its result. */
  public JsonObject call(String cmd, JsonObject args, Duration timeout) {
    return join(send(cmd, args, timeout), cmd);
  }

  /** Events received so far ({"event": "connectionOpen" | "connectionClose" | "identify" | "served" | "error" …}). */
  public List<JsonObject> events() {
    return process.events().snapshot();
  }

  /** Waits for an event with the given name that matches, looking at past events first. */
  public JsonObject awaitEvent(String name, Predicate<JsonObject> filter, Duration timeout) {
    return awaitEvents(name, filter, 1, timeout).get(0);
  }

  /** Waits until {@code count} events with the given name match, past events included; returns them. */
  public List<JsonObject> awaitEvents(String name, Predicate<JsonObject> filter, int count, Duration timeout) {
    var future = process.events().await(e -> name.equals(e.getString("event")) && filter.test(e), count);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new JsPeerException("timeout", count + " " + name + " event(s) not seen within " + timeout
          + "; events: " + events(), e);
    } catch (ExecutionException e) {
      throw new JsPeerException("while waiting for " + name + " events: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JsPeerException("interrupted while waiting for " + name + " events", e);
    }
  }

  /** The last lines the js peer wrote on stderr (for failure messages). */
  public String stderrTail() {
    return process.stderrTail();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends "stop", then destroys the process if it has not exited after a grace period. Idempotent. */
  @Override
  public void close() {
    process.close();
  }

  private static JsonObject join(CompletableFuture<JsonObject> future, String cmd) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JsPeerException j) {
        throw new JsPeerException(j.code(), cmd + ": " + j.getMessage(), j);
      }
      throw new JsPeerException(cmd + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JsPeerException("interrupted while waiting for " + cmd, e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JsPeerException("interrupted", e);
    }
  }
}
