package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.DialableAddresses;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.identify.IdentifyInfo;
import dev.samizdat.libp2p.identify.IdentifyService;
import dev.samizdat.libp2p.noise.NoiseIdentity;
import dev.samizdat.libp2p.ping.PingService;
import dev.samizdat.libp2p.transport.ConnectionLimiter;
import dev.samizdat.libp2p.transport.TcpTransport;
import dev.samizdat.libp2p.yamux.YamuxConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Host} on Vert.x: owns the transport, the connection table, the protocol handlers and the
 * built-in identify and ping services. Shared state is in concurrent collections; everything about
 * one connection runs on that connection's context (see {@link HostConnection}).
 */
final class VertxHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger(VertxHost.class);
  /** At most one line per this period about refused inbound connections: a flood must not flood the log. */
  static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final PeerId peerId;
  private final HostConfig config;
  private final SecureRandom random;
  private final Clock clock;
  private final NoiseIdentity noiseIdentity;
  private final YamuxConfig yamuxConfig;
  private final TcpTransport transport;
  private final ConnectionLimiter limiter;
  /** Guards the two fields below. */
  private final Object refusalLog = new Object();
  private long refusalsNotLogged;
  private long refusalLoggedAtMillis = Long.MIN_VALUE;
  private final PeerStore peerStore = new InMemoryPeerStore();
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, List<HostConnection>> connections = new ConcurrentHashMap<>();
  private final Set<HostConnection> allConnections = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, CompletableFuture<Connection>> pendingDials = new ConcurrentHashMap<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final IdentifyService identify;
  private final PingService ping = new PingService();
  /** Round-trip times need a monotonic clock finer than {@link Clock#millis()}. */
  private final LongSupplier nanoTime = System::nanoTime;
  private volatile boolean closed;
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

  VertxHost(Vertx vertx, boolean ownsVertx, Ed25519PrivateKey identity, HostConfig config, SecureRandom random,
      Clock clock) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.peerId = PeerId.fromPublicKey(identity.publicKey());
    this.config = config;
    this.random = random;
    this.clock = clock;
    this.noiseIdentity = NoiseIdentity.of(identity, X25519PrivateKey.generate(random),
        config.inlineMuxerNegotiation() ? List.of(ConnectionUpgrade.MUXER_PROTOCOL) : List.of());
    this.yamuxConfig = YamuxConfig.DEFAULT.withMaxStreams(config.maxStreamsPerConnection())
        .withMaxTotalReceiveWindow(config.maxBufferedBytesPerConnection());
    this.transport = new TcpTransport(vertx, config.handshakeTimeout());
    this.limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerIp(),
        config.maxHandshakesInFlight());
    this.identify = new IdentifyService(peerStore, config.maxIdentifyMessageSize(), this::identifyInfo);
    handlers.put(IdentifyService.PROTOCOL_ID, identify::respond);
    handlers.put(IdentifyService.PUSH_PROTOCOL_ID, identify::acceptPush);
    handlers.put(PingService.PROTOCOL_ID, ping);
  }

  // ---- configuration used by connections ----

  HostConfig config() {
    return config;
  }

  YamuxConfig yamuxConfig() {
    return yamuxConfig;
  }

  Clock clock() {
    return clock;
  }

  long nowMillis() {
    return clock.millis();
  }

  Multiaddr toMultiaddr(SocketAddress address) {
    return TcpTransport.toMultiaddr(address);
  }

  // ---- listening and dialling ----

  @Override
  public PeerId peerId() {
    return peerId;
  }

  @Override
  public CompletableFuture<Multiaddr> listen(Multiaddr address) {
    if (closed) {
      return CompletableFuture.failedFuture(new Libp2pException("host is closed"));
    }
    return transport.listen(address, this::accept).thenApply(bound -> {
      listenAddresses.add(bound);
      LOG.debug("{} listening on {}", peerId, bound); // the application says where, with the full address
      return bound.withP2p(peerId);
    });
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return listenAddresses.stream().map(a -> a.withP2p(peerId)).toList();
  }

  private void accept(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    ConnectionLimiter.Refusal refusal = closed ? ConnectionLimiter.Refusal.TOTAL : limiter.tryAdmit(ip);
    if (refusal != null) {
      logRefusal(socket.remoteAddress().toString(), refusal);
      socket.close();
      return;
    }
    ConnectionUpgrade upgrade = new ConnectionUpgrade(false, noiseIdentity, null, random,
        p -> Multistream.dialer(List.of(p)), p -> Multistream.listener(List.of(p)));
    startConnection(socket, Direction.INBOUND, upgrade, ip).exceptionally(e -> null);
  }

  private void logRefusal(String from, ConnectionLimiter.Refusal refusal) {
    long now = nowMillis();
    synchronized (refusalLog) {
      if (now - refusalLoggedAtMillis < REFUSAL_LOG_INTERVAL_MILLIS) {
        refusalsNotLogged++;
        return;
      }
      LOG.info("refusing inbound connection from {}: {} limit reached{}", from, refusal, refusalsNotLogged == 0 ? ""
          : " (and " + refusalsNotLogged + " more refused since the last such line)");
      refusalsNotLogged = 0;
      refusalLoggedAtMillis = now;
    }
  }

  private CompletableFuture<HostConnection> startConnection(NetSocket socket, Direction direction,
      ConnectionUpgrade upgrade, String ip) {
    Context context = Vertx.currentContext();
    if (context == null) {
      context = vertx.getOrCreateContext();
    }
    HostConnection connection = new HostConnection(this, socket, context, direction, upgrade);
    allConnections.add(connection);
    boolean[] handshakeDone = {false};
    CompletableFuture<HostConnection> ready = new CompletableFuture<>();
    connection.execute(() -> connection.start().whenComplete((c, e) -> {
      handshakeDone[0] = true;
      limiter.handshakeDone(ip);
      if (e != null) {
        ready.completeExceptionally(e);
      } else {
        ready.complete(c);
      }
    }));
    connection.closedFuture().whenComplete((v, e) -> {
      allConnections.remove(connection);
      if (!handshakeDone[0]) {
        handshakeDone[0] = true;
        limiter.handshakeDone(ip);
      }
      limiter.release(ip);
    });
    return ready;
  }

  @Override
  public CompletableFuture<Connection> dial(Multiaddr address) {
    return dial(address, true);
  }

  @Override
  public CompletableFuture<Connection> dialNew(Multiaddr address) {
    return dial(address, false);
  }

  private CompletableFuture<Connection> dial(Multiaddr address, boolean reuse) {
    if (closed) {
      return CompletableFuture.failedFuture(new Libp2pException("host is closed"));
    }
    if (!TcpTransport.handles(address)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "cannot dial " + address + ": not a TCP address (/ip4, /ip6 or /dns… with /tcp)"));
    }
    var expected = address.peerId();
    if (expected.isPresent()) {
      if (expected.get().equals(peerId)) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to dial ourselves at " + address));
      }
      var existing = reuse ? openConnection(expected.get()) : null;
      if (existing != null) {
        return CompletableFuture.completedFuture(existing);
      }
    }
    if (limiter.tryAdmit(null) != null) {
      return CompletableFuture.failedFuture(new Libp2pException("cannot dial " + address + ": this node already has"
          + " its maximum of " + config.maxConnections() + " connections"));
    }
    PeerId expectedPeer = expected.orElse(null);
    CompletableFuture<Connection> result = transport.dial(address).handle((socket, e) -> {
      if (e != null) {
        limiter.handshakeDone(null);
        limiter.release(null);
        return CompletableFuture.<Connection>failedFuture(e);
      }
      ConnectionUpgrade upgrade = new ConnectionUpgrade(true, noiseIdentity, expectedPeer, random,
          p -> Multistream.dialer(List.of(p)), p -> Multistream.listener(List.of(p)));
      return startConnection(socket, Direction.OUTBOUND, upgrade, null).<Connection>thenApply(c -> c)
          .exceptionallyCompose(failure -> CompletableFuture.failedFuture(namingTheAddress(address, failure)));
    }).thenCompose(f -> f);
    return result.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A remote that broke a protocol during the upgrade is named by the address dialled, which is what
   * the user typed or configured (the other failures of a dial name it already).
   */
  private static Throwable namingTheAddress(Multiaddr address, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof ProtocolViolationException
        ? new ProtocolViolationException("cannot connect to " + address + ": " + cause.getMessage(), cause)
        : cause;
  }

  @Override
  public CompletableFuture<Connection> dial(PeerId peer) {
    var existing = openConnection(peer);
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    CompletableFuture<Connection> attempt = pendingDials.computeIfAbsent(peer, p -> {
      CompletableFuture<Connection> tried = CompletableFuture.failedFuture(
          new Libp2pException("no known address for " + p));
      for (Multiaddr a : peerStore.addresses(p)) {
        if (TcpTransport.handles(a)) {
          tried = tried.exceptionallyCompose(e -> dial(a.withP2p(p)));
        }
      }
      return tried;
    });
    // Registered outside the map's update: an attempt that has already failed (no address, a refusal
    // answered at once) would otherwise run it inside, remove nothing, and stay cached, failing every
    // later dial of the peer.
    attempt.whenComplete((c, e) -> pendingDials.remove(peer, attempt));
    return attempt;
  }

  private Connection openConnection(PeerId peer) {
    List<HostConnection> list = connections.get(peer);
    if (list == null) {
      return null;
    }
    for (HostConnection c : list) {
      if (c.isOpen()) {
        return c;
      }
    }
    return null;
  }

  // ---- connection lifecycle (called on the connection's context) ----

  void connectionReady(HostConnection connection) {
    if (closed) {
      throw new Libp2pException("host is closed");
    }
    connections.computeIfAbsent(connection.remotePeer(), p -> new CopyOnWriteArrayList<>()).add(connection);
    if (connection.direction() == Direction.OUTBOUND) {
      peerStore.addAddresses(connection.remotePeer(), List.of(connection.remoteAddress()));
    }
    for (ConnectionListener l : listeners) {
      try {
        l.opened(connection);
      } catch (RuntimeException e) {
        LOG.warn("connection listener failed", e);
      }
    }
    runIdentify(connection);
  }

  void connectionClosed(HostConnection connection, Throwable cause) {
    if (connection.remotePeer() == null) {
      return;
    }
    List<HostConnection> list = connections.get(connection.remotePeer());
    if (list == null || !list.remove(connection)) {
      return;
    }
    connections.computeIfPresent(connection.remotePeer(), (p, l) -> l.isEmpty() ? null : l);
    for (ConnectionListener l : listeners) {
      try {
        l.closed(connection, cause);
      } catch (RuntimeException e) {
        LOG.warn("connection listener failed", e);
      }
    }
  }

  private void runIdentify(HostConnection connection) {
    openStream(connection, List.of(IdentifyService.PROTOCOL_ID))
        .thenCompose(stream -> identify.request(stream)
            .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((info, e) -> {
              if (e != null) {
                stream.reset();
              }
            }))
        .whenComplete((info, e) -> {
          if (e != null) {
            LOG.debug("identify with {} failed: {}", connection.remotePeer(), e.getMessage());
          } else {
            LOG.debug("identified {}: {} {}", connection.remotePeer(), info.agentVersion().orElse("?"),
                info.protocols());
          }
        });
  }

  private IdentifyInfo identifyInfo(Stream stream) {
    // Listening on 0.0.0.0 means every interface; a peer told 0.0.0.0 would dial itself.
    List<Multiaddr> dialable = listenAddresses.stream().flatMap(a -> DialableAddresses.of(a).stream()).distinct()
        .toList();
    return IdentifyInfo.of(config.agentVersion(), noiseIdentity.identityKey(), dialable,
        stream.connection().remoteAddress(), List.copyOf(handlers.keySet()));
  }

  // ---- streams ----

  @Override
  public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    if (protocols.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no protocol to negotiate"));
    }
    return dial(peer).thenCompose(c -> openStream((HostConnection) c, protocols));
  }

  @Override
  public CompletableFuture<Stream> newStreamLazily(PeerId peer, String protocol) {
    Negotiator dialer;
    try {
      dialer = Multistream.dialer(List.of(protocol));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return dial(peer).thenCompose(c -> {
      HostConnection connection = (HostConnection) c;
      CompletableFuture<Stream> result = new CompletableFuture<>();
      connection.execute(() -> {
        try {
          MuxedStream stream = connection.openStream();
          stream.negotiateLazily(dialer, protocol, config.negotiationTimeout(), vertx);
          result.complete(stream);
        } catch (Libp2pException e) {
          result.completeExceptionally(e);
        }
      });
      return result;
    });
  }

  /** Opens a yamux stream on {@code connection} and negotiates one of {@code protocols} as dialer. */
  CompletableFuture<Stream> openStream(HostConnection connection, List<String> protocols) {
    CompletableFuture<Stream> result = new CompletableFuture<>();
    connection.execute(() -> {
      MuxedStream stream;
      try {
        stream = connection.openStream();
      } catch (Libp2pException e) {
        result.completeExceptionally(e);
        return;
      }
      stream.negotiate(Multistream.dialer(protocols), config.negotiationTimeout(), vertx)
          .whenComplete((s, e) -> {
            if (e != null) {
              result.completeExceptionally(e);
            } else {
              result.complete(s);
            }
          });
    });
    return result;
  }

  /** Runs multistream-select as listener on an inbound stream, then hands it to the protocol's handler. */
  void negotiateInbound(MuxedStream stream) {
    stream.negotiate(Multistream.listener(handlers.keySet()), config.negotiationTimeout(), vertx)
        .whenComplete((s, e) -> {
          if (e != null) {
            LOG.debug("inbound stream from {} not negotiated: {}", stream.remotePeer(), e.getMessage());
            return;
          }
          StreamHandler handler = handlers.get(s.protocol());
          if (handler == null) {
            s.reset();
            return;
          }
          try {
            handler.handle(s);
          } catch (RuntimeException ex) {
            LOG.debug("handler for {} failed; resetting the stream", s.protocol(), ex);
            s.reset();
          }
        });
  }

  @Override
  public void setHandler(String protocolId, StreamHandler handler) {
    handlers.put(protocolId, handler);
    pushIdentify();
  }

  @Override
  public void removeHandler(String protocolId) {
    if (handlers.remove(protocolId) != null) {
      pushIdentify();
    }
  }

  private void pushIdentify() {
    for (List<HostConnection> list : connections.values()) {
      for (HostConnection c : list) {
        openStream(c, List.of(IdentifyService.PUSH_PROTOCOL_ID))
            .thenCompose(identify::push)
            .exceptionally(e -> {
              LOG.debug("identify push to {} failed: {}", c.remotePeer(), e.getMessage());
              return null;
            });
      }
    }
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  @Override
  public List<Connection> connections() {
    List<Connection> all = new ArrayList<>();
    connections.values().forEach(all::addAll);
    return all;
  }

  @Override
  public List<Connection> connections(PeerId peer) {
    return List.copyOf(connections.getOrDefault(peer, List.of()));
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    listeners.remove(listener);
  }

  @Override
  public PeerStore peerStore() {
    return peerStore;
  }

  @Override
  public CompletableFuture<Duration> ping(PeerId peer) {
    return dial(peer).thenCompose(this::ping);
  }

  @Override
  public CompletableFuture<Duration> ping(Connection connection) {
    HostConnection c = (HostConnection) connection;
    return c.serializePing(() -> openStream(c, List.of(PingService.PROTOCOL_ID))
            .thenCompose(s -> PingService.ping(s, random, nanoTime)
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((d, e) -> {
                  if (e != null) {
                    s.reset();
                  }
                })))
        .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> close() {
    if (closed) {
      return closedFuture;
    }
    closed = true;
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    closing.add(transport.close());
    for (HostConnection c : List.copyOf(allConnections)) {
      closing.add(c.close());
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .orTimeout(5, TimeUnit.SECONDS)
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.warn("host {} did not close cleanly: {}", peerId, e.getMessage());
          }
          if (ownsVertx) {
            vertx.close().onComplete(ar -> closedFuture.complete(null));
          } else {
            closedFuture.complete(null);
          }
        });
    return closedFuture;
  }
}
