package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p node's network endpoint: listens and dials over TCP, secures every connection with Noise,
 * multiplexes it with yamux, negotiates protocols on streams with multistream-select, and runs
 * identify and ping on every connection.
 *
 * <p><b>Threading.</b> Every method is thread-safe and non-blocking; results come as futures. Each
 * connection lives on one Vert.x event loop; its streams' callbacks and the handlers registered here
 * run there (see {@link Stream}). Futures complete on the connection's event loop (or on the caller's
 * thread when the result is known at once), so dependent actions must not block.
 *
 * <p><b>Failure.</b> Every remote call has a timeout ({@link HostConfig#requestTimeout()}, the
 * handshake and negotiation timeouts); a future fails with
 * {@link dev.samizdat.libp2p.ProtocolViolationException} when the remote broke a protocol and with
 * {@link dev.samizdat.libp2p.Libp2pException} otherwise.
 */
public interface Host {

  /** Starts a host on its own Vert.x instance, which {@link #close()} shuts down. */
  static Host create(Ed25519PrivateKey identity, HostConfig config, SecureRandom random) {
    return new VertxHost(Vertx.vertx(), true, identity, config, random, Clock.systemUTC());
  }

  /** Starts a host on a shared Vert.x instance, which the caller keeps owning. */
  static Host create(Vertx vertx, Ed25519PrivateKey identity, HostConfig config, SecureRandom random, Clock clock) {
    return new VertxHost(vertx, false, identity, config, random, clock);
  }

  PeerId peerId();

  /** Listens on a /ip4|ip6/…/tcp/N address (port 0 for any); completes with the bound address. */
  CompletableFuture<Multiaddr> listen(Multiaddr address);

  /** The bound listen addresses, each with /p2p/{@link #peerId()}. */
  List<Multiaddr> listenAddresses();

  /**
   * Connects to {@code address}, or returns an open connection to the same peer when the address
   * names one with /p2p. With /p2p the remote must prove that identity or the dial fails. An
   * address this host cannot dial (not TCP, or its own) fails with {@link IllegalArgumentException}.
   */
  CompletableFuture<Connection> dial(Multiaddr address);

  /**
   * Connects to {@code address} even when a connection to the peer it names is open: what a user
   * who tests that address means. Fails as {@link #dial(Multiaddr)} does.
   */
  CompletableFuture<Connection> dialNew(Multiaddr address);

  /** Returns an open connection to {@code peer} or dials the addresses the peer store knows, in turn. */
  CompletableFuture<Connection> dial(PeerId peer);

  /**
   * Opens a stream to {@code peer} (connecting if needed) and negotiates the first of
   * {@code protocols} that the remote supports.
   */
  CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols);

  /**
   * Opens a stream to {@code peer} proposing {@code protocol} alone, and hands it out without waiting
   * for the remote's answer: what is written follows the proposal at once, one round trip sooner. If
   * the remote refuses the protocol, the stream is reset and its reset handler says so. For
   * protocols the caller expects the remote to support, such as the application's own between its
   * own nodes.
   */
  CompletableFuture<Stream> newStreamLazily(PeerId peer, String protocol);

  /** Serves {@code protocolId} on inbound streams, replacing an earlier handler; identify push tells peers. */
  void setHandler(String protocolId, StreamHandler handler);

  void removeHandler(String protocolId);

  /** The protocols served now. */
  Set<String> protocols();

  /** Open connections, all peers. */
  List<Connection> connections();

  List<Connection> connections(PeerId peer);

  void addConnectionListener(ConnectionListener listener);

  void removeConnectionListener(ConnectionListener listener);

  PeerStore peerStore();

  /** Pings {@code peer} with /ipfs/ping/1.0.0 over an existing or new connection. */
  CompletableFuture<Duration> ping(PeerId peer);

  /** Pings the peer of {@code connection} over that connection. */
  CompletableFuture<Duration> ping(Connection connection);

  /** Closes every connection and listener; completes when all sockets are closed. Idempotent. */
  CompletableFuture<Void> close();
}
