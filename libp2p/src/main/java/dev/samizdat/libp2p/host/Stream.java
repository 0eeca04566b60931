package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.PeerId;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One multiplexed, negotiated stream to a peer: a yamux stream over a Noise channel.
 *
 * <p><b>Threading.</b> Every callback (data, end, reset, drain) runs on the event-loop context of the
 * stream's connection, one at a time, never concurrently with another callback of the same
 * connection. Every method may be called from any thread; when called off the context it hops onto it,
 * so effects are ordered per calling thread. Callbacks must not block.
 *
 * <p><b>Reading.</b> Data arrives as byte arrays owned by the receiver. Data is acknowledged to the
 * remote (a yamux window update) only when it has been handed to the data handler; while the stream
 * is paused, or has no handler yet, arriving data waits in the stream and the remote's window closes,
 * so a slow reader throttles the sender. After the last data, {@link #endHandler} hears the remote's
 * FIN.
 *
 * <p><b>Writing.</b> {@link #write} queues the bytes and returns a future that completes when the muxer
 * has taken them (within the remote's window) or fails if the stream dies first. A writer that cares
 * about memory checks {@link #writeQueueFull()} and waits for {@link #drainHandler}.
 *
 * <p><b>Ending.</b> {@link #closeWrite()} sends FIN; {@link #reset()} aborts both directions;
 * {@link #close()} sends FIN and discards whatever else the remote sends. {@link #closed()} completes
 * normally when both directions ended gracefully, exceptionally on reset or loss of the connection.
 */
public interface Stream {

  PeerId remotePeer();

  /** The negotiated protocol id. */
  String protocol();

  Connection connection();

  /** Sets the data handler and, unless paused, delivers data already waiting. */
  Stream handler(Consumer<byte[]> handler);

  /** Called once, after the last data, when the remote closed its write side. */
  Stream endHandler(Runnable handler);

  /**
   * Called once when the stream dies abnormally: reset by the remote, or the connection is gone.
   * Not called for a local {@link #reset()}.
   */
  Stream resetHandler(Consumer<Throwable> handler);

  /** Stops delivering data; unread data is not acknowledged, so the remote runs out of window. */
  Stream pause();

  Stream resume();

  CompletableFuture<Void> write(byte[] data);

  /** Whether queued outbound bytes exceed the stream's high-water mark. */
  boolean writeQueueFull();

  /**
   * Called once, when the write queue is below its high-water mark: at once if it already is, else
   * when it drains. One-shot: set it again to wait again.
   */
  Stream drainHandler(Runnable handler);

  /** Sends FIN after everything written so far. */
  CompletableFuture<Void> closeWrite();

  /** Aborts the stream in both directions (yamux RST); queued data is dropped. */
  void reset();

  /** Closes our write side and discards (while acknowledging) anything else the remote sends. */
  void close();

  /** Completes when the stream is gone: normally after both FINs, exceptionally after a reset. */
  CompletableFuture<Void> closed();
}
