package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * An upgraded (Noise + yamux) connection to one peer. Thread-safe: a read-only view whose
 * {@link #close()} hops onto the connection's event-loop context.
 */
public interface Connection {

  PeerId remotePeer();

  /** The remote's transport address (without /p2p). */
  Multiaddr remoteAddress();

  Multiaddr localAddress();

  Direction direction();

  /** Streams currently open on this connection. */
  int streamCount();

  boolean isOpen();

  /** Resets every stream and closes the socket; completes when the socket is closed. */
  CompletableFuture<Void> close();
}
