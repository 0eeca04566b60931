package dev.samizdat.dht.net;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.query.LookupConfig;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.SignedRecordValidator;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real Hosts with DHTs on 127.0.0.1, on one shared Vert.x, for tests; {@link #close()} stops them
 * all. Records use the signed-record validator under {@link #NAMESPACE}.
 */
final class LocalDhtNetwork implements AutoCloseable {
  static final String NAMESPACE = "sztest";
  /** Short enough that a test against a dead peer does not wait long, long enough for a loaded machine. */
  static final long REQUEST_TIMEOUT_MILLIS = 5_000;

  record Node(Ed25519PrivateKey key, Host host, Dht dht) {
    PeerId id() {
      return host.peerId();
    }

    Multiaddr address() {
      return host.listenAddresses().get(0);
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Vertx vertx = Vertx.vertx();
  private final List<Host> hosts = new ArrayList<>();
  private final List<Dht> dhts = new ArrayList<>();
  final RecordNamespaces namespaces;

  LocalDhtNetwork() {
    this(Map.of());
  }

  LocalDhtNetwork(Map<String, RecordNamespaces.Rules> extraNamespaces) {
    SignedRecordValidator signed = new SignedRecordValidator(NAMESPACE);
    var rules = new java.util.HashMap<>(extraNamespaces);
    rules.put(NAMESPACE, new RecordNamespaces.Rules(signed, signed));
    this.namespaces = new RecordNamespaces(rules);
  }

  static DhtOptions options() {
    DhtConfig config = DhtConfig.DEFAULT.withLookup(
        new LookupConfig(20, 3, 1, REQUEST_TIMEOUT_MILLIS));
    return DhtOptions.defaults().withConfig(config).withLoopbackAllowed(true);
  }

  /** A listening Host without a DHT. */
  Host host() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    Host host = Host.create(vertx, key, HostConfig.defaults(), random, Clock.systemUTC());
    hosts.add(host);
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
    return host;
  }

  Node node() throws Exception {
    return node(options());
  }

  Node node(DhtOptions options) throws Exception {
    return node(options, Ed25519PrivateKey.generate(random), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
  }

  /** A node with this key, listening on {@code listen}: one that others were told of before it started. */
  Node node(DhtOptions options, Ed25519PrivateKey key, Multiaddr listen) throws Exception {
    return node(options, key, listen, DhtStores.inMemory());
  }

  /** As above, with {@code stores}: a node started again with the stores of an earlier one is that node restarted. */
  Node node(DhtOptions options, Ed25519PrivateKey key, Multiaddr listen, DhtStores stores) throws Exception {
    Host host = Host.create(vertx, key, HostConfig.defaults(), random, Clock.systemUTC());
    hosts.add(host);
    host.listen(listen).get(10, TimeUnit.SECONDS);
    Dht dht = Dht.start(host, options, stores, namespaces, Clock.systemUTC(), random);
    dhts.add(dht);
    return new Node(key, host, dht);
  }

  /** Stops a node (its DHT, then its host), as a node that shuts down or goes offline. */
  static void stop(Node node) throws Exception {
    node.dht().close();
    node.host().close().get(10, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    dhts.forEach(Dht::close);
    for (Host h : hosts) {
      try {
        h.close().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep closing the others
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
