package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.yamux.YamuxStream;
import dev.samizdat.libp2p.yamux.YamuxStreamHandler;
import io.vertx.core.Vertx;
import dev.samizdat.libp2p.multistream.NegotiationStep;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@link Stream} over one {@link YamuxStream}. All state is confined to the connection's context
 * (see {@link ConnectionExecutor}); public methods hop onto it. Inbound data waits here while the
 * reader is paused and is reported consumed to yamux only when handed to the reader, which is what
 * throttles a remote that outruns its reader; the connection's byte budget counts these bytes. Writes
 * beyond what yamux will queue wait here with their futures, in order, bounded by the writer heeding
 * {@link #writeQueueFull()}.
 */
final class MuxedStream implements Stream, YamuxStreamHandler {
  /** Bytes of queued writes beyond which {@link #writeQueueFull()} says stop. */
  static final int WRITE_HIGH_WATER = 256 * 1024;

  /** Largest slice handed to yamux at once, so that a big write never exceeds yamux's queue limit. */
  static final int MAX_SLICE = 64 * 1024;

  private static final class PendingWrite {
    final byte[] data;
    final CompletableFuture<Void> done;
    int offset;

    PendingWrite(byte[] data, CompletableFuture<Void> done) {
      this.data = data;
      this.done = done;
    }
  }

  private final HostConnection connection;
  private final ConnectionExecutor executor;
  private YamuxStream yamux;
  private String protocol;

  private Negotiator negotiator;
  private CompletableFuture<MuxedStream> negotiated;
  private long negotiationTimer = -1;

  private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
  /** Bytes pushed back after negotiation: already acknowledged, so delivered without consuming. */
  private byte[] unread;
  private boolean paused;
  private boolean delivering;
  private boolean remoteEnded;
  private boolean endDelivered;
  private boolean discarding;
  /** Yamux freed the stream (both FINs exchanged) while data or the end may still wait for the reader. */
  private boolean finishedOnWire;
  private Consumer<byte[]> dataHandler;
  private Runnable endHandler;
  private Consumer<Throwable> resetHandler;
  private Runnable drainHandler;

  private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private boolean writeFull;
  private CompletableFuture<Void> finRequested;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  MuxedStream(HostConnection connection) {
    this.connection = connection;
    this.executor = connection.executor();
  }

  void attach(YamuxStream stream) {
    this.yamux = stream;
  }

  YamuxStream yamux() {
    return yamux;
  }

  void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  /** Puts bytes read past the end of negotiation back in front of the inbound data. Context only. */
  void unread(byte[] bytes) {
    if (bytes.length > 0) {
      unread = bytes;
    }
  }

  /**
   * Runs multistream-select on this stream before it is handed out; completes with the stream once a
   * protocol is agreed, fails (and resets the stream) on a protocol error, no common protocol, or
   * timeout. Context only.
   */
  CompletableFuture<MuxedStream> negotiate(Negotiator negotiator, Duration timeout, Vertx vertx) {
    return negotiate(negotiator, timeout, vertx, null);
  }

  /**
   * Proposes {@code protocol} alone and treats it as agreed at once, so that what the caller writes
   * follows the proposal without waiting a round trip for the echo. The echo is still awaited on the
   * inbound side; a refusal, a protocol error or the timeout resets the stream, and the reader hears
   * why through its reset handler. Context only.
   */
  void negotiateLazily(Negotiator negotiator, String protocol, Duration timeout, Vertx vertx) {
    negotiate(negotiator, timeout, vertx, protocol).thenRun(this::deliver);
  }

  private CompletableFuture<MuxedStream> negotiate(Negotiator negotiator, Duration timeout, Vertx vertx,
      String assumedProtocol) {
    this.protocol = assumedProtocol;
    this.negotiator = negotiator;
    this.negotiated = new CompletableFuture<>();
    negotiationTimer = vertx.setTimer(timeout.toMillis(), id -> executor.execute(() -> {
      negotiationTimer = -1;
      negotiationFailed(new Libp2pException("protocol negotiation with " + remotePeer() + " timed out after "
          + timeout.toMillis() + " ms"));
    }));
    negotiated.whenComplete((s, e) -> {
      if (negotiationTimer >= 0) {
        vertx.cancelTimer(negotiationTimer);
        negotiationTimer = -1;
      }
    });
    try {
      sendNegotiation(negotiator.start());
    } catch (Libp2pException e) {
      negotiationFailed(e);
    }
    return negotiated;
  }

  private void onNegotiationData(byte[] data) {
    yamux.consumed(data.length);
    connection.release(data.length);
    NegotiationStep step;
    try {
      step = negotiator.receive(data, 0, data.length);
      sendNegotiation(step.output());
    } catch (Libp2pException e) {
      negotiationFailed(e);
      return;
    }
    if (step instanceof NegotiationStep.Agreed agreed) {
      protocol = agreed.protocol();
      negotiator = null;
      unread(agreed.remainder());
      negotiated.complete(this);
    } else if (step instanceof NegotiationStep.NoCommonProtocol none) {
      negotiationFailed(new Libp2pException(remotePeer() + " supports none of the protocols: " + none.reason()));
    }
  }

  private void sendNegotiation(byte[] bytes) {
    if (bytes.length > 0) {
      yamux.write(bytes);
    }
  }

  private void negotiationFailed(Libp2pException cause) {
    if (negotiated == null || negotiated.isDone()) {
      return;
    }
    negotiator = null;
    negotiated.completeExceptionally(cause);
    if (!closed.isDone()) {
      yamux.reset();
      terminate(cause);
    }
  }

  @Override
  public PeerId remotePeer() {
    return connection.remotePeer();
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public Stream handler(Consumer<byte[]> handler) {
    executor.execute(() -> {
      dataHandler = handler;
      deliver();
    });
    return this;
  }

  @Override
  public Stream endHandler(Runnable handler) {
    executor.execute(() -> {
      endHandler = handler;
      deliver();
    });
    return this;
  }

  @Override
  public Stream resetHandler(Consumer<Throwable> handler) {
    executor.execute(() -> {
      resetHandler = handler;
      if (closed.isCompletedExceptionally() && handler != null) {
        closed.whenComplete((v, e) -> handler.accept(e));
      }
    });
    return this;
  }

  @Override
  public Stream pause() {
    executor.execute(() -> paused = true);
    return this;
  }

  @Override
  public Stream resume() {
    executor.execute(() -> {
      paused = false;
      deliver();
    });
    return this;
  }

  @Override
  public CompletableFuture<Void> write(byte[] data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queuedBytes.addAndGet(data.length);
    executor.execute(() -> {
      if (closed.isDone() || finRequested != null) {
        queuedBytes.addAndGet(-data.length);
        done.completeExceptionally(new Libp2pException("stream is closed for writing"));
        return;
      }
      writes.add(new PendingWrite(data, done));
      pumpWrites();
    });
    return done;
  }

  @Override
  public boolean writeQueueFull() {
    return queuedBytes.get() >= WRITE_HIGH_WATER;
  }

  @Override
  public Stream drainHandler(Runnable handler) {
    executor.execute(() -> {
      drainHandler = handler;
      writeFull = true;
      checkDrained();
    });
    return this;
  }

  @Override
  public CompletableFuture<Void> closeWrite() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(() -> {
      if (finRequested == null) {
        finRequested = done;
        pumpWrites();
      } else {
        finRequested.whenComplete((v, e) -> complete(done, e));
      }
    });
    return done;
  }

  @Override
  public void reset() {
    executor.execute(() -> {
      if (!closed.isDone()) {
        yamux.reset();
        terminate(new LocalReset());
      }
    });
  }

  @Override
  public void close() {
    executor.execute(() -> {
      discarding = true;
      paused = false;
      deliver();
      closeWrite();
    });
  }

  @Override
  public CompletableFuture<Void> closed() {
    return closed;
  }

  // ---- yamux events (context) ----

  @Override
  public void onData(YamuxStream stream, byte[] data) {
    connection.charge(data.length);
    if (negotiator != null) {
      onNegotiationData(data);
      return;
    }
    inbound.add(data);
    deliver();
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    remoteEnded = true;
    if (negotiator != null) {
      negotiationFailed(new Libp2pException(remotePeer() + " closed the stream during protocol negotiation"));
      return;
    }
    deliver();
  }

  @Override
  public void onReset(YamuxStream stream) {
    if (negotiator != null) {
      negotiationFailed(new Libp2pException(remotePeer() + " reset the stream during protocol negotiation"));
      return;
    }
    terminate(new Libp2pException("stream reset by " + remotePeer()));
  }

  @Override
  public void onWritable(YamuxStream stream) {
    pumpWrites();
  }

  /**
   * Both directions are closed on the wire. Data the paused reader has not taken yet, and the end,
   * are still delivered: the stream counts as closed once they have been handed over.
   */
  @Override
  public void onClosed(YamuxStream stream) {
    finishedOnWire = true;
    deliver();
  }

  private void finishIfDelivered() {
    if (finishedOnWire && !closed.isDone() && unread == null && inbound.isEmpty()
        && (endDelivered || endHandler == null)) {
      connection.streamClosed(this);
      closed.complete(null);
    }
  }

  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!closed.isDone() && (discarding || (!paused && dataHandler != null))) {
        byte[] chunk;
        if (unread != null) {
          chunk = unread;
          unread = null;
        } else {
          chunk = inbound.poll();
          if (chunk == null) {
            break;
          }
          connection.release(chunk.length);
          yamux.consumed(chunk.length);
        }
        if (!discarding) {
          dataHandler.accept(chunk);
        }
      }
      // The end waits for an end handler (set by its own task, perhaps after the data handler's).
      if (remoteEnded && !endDelivered && unread == null && inbound.isEmpty()
          && !closed.isCompletedExceptionally() && (endHandler != null || discarding)) {
        endDelivered = true;
        if (!discarding) {
          endHandler.run();
        }
      }
      finishIfDelivered();
    } catch (RuntimeException e) {
      connection.log().debug("stream handler for {} failed; resetting the stream", protocol, e);
      reset();
    } finally {
      delivering = false;
    }
  }

  /**
   * Hands queued writes to yamux while the peer's window and the socket take them. When the socket is
   * full, the stream waits in the connection's queue of blocked writers and is pumped again on drain,
   * in turn with the others, so one busy stream cannot delay another's small reply by more than a
   * slice each. Only what the window allows goes to yamux, which sends it at once: the data is copied
   * once, into the connection's output, and never into yamux's send queue.
   */
  void pumpWrites() {
    pumpWrites(Integer.MAX_VALUE);
  }

  /** Like {@link #pumpWrites()}, at most {@code slices} slices; returns whether writes still wait on the socket. */
  boolean pumpWrites(int slices) {
    try {
      while (!writes.isEmpty() && yamux.isWritable()) {
        if (!connection.socketWritable() || slices-- == 0) {
          connection.blockedOnSocket(this);
          checkDrained();
          return true;
        }
        PendingWrite w = writes.peek();
        int n = (int) Math.min(Math.min(MAX_SLICE, w.data.length - w.offset), yamux.sendWindow());
        if (n == 0 && w.offset < w.data.length) {
          yamux.notifyWhenWindowOpens();
          break;
        }
        yamux.write(w.data, w.offset, n);
        w.offset += n;
        queuedBytes.addAndGet(-n);
        if (w.offset == w.data.length) {
          writes.poll();
          w.done.complete(null);
        }
      }
      if (writes.isEmpty() && finRequested != null && !yamux.isLocalClosed()) {
        yamux.closeWrite();
        finRequested.complete(null);
      }
    } catch (Libp2pException e) {
      terminate(e);
      return false;
    }
    checkDrained();
    return false;
  }

  private void checkDrained() {
    if (writeFull && !writeQueueFull()) {
      writeFull = false;
      Runnable h = drainHandler;
      drainHandler = null;
      if (h != null) {
        h.run();
      }
    } else if (writeQueueFull()) {
      writeFull = true;
    }
  }

  /**
   * The stream died: fail queued writes, drop unread data, tell the reset handler. A stream already
   * finished on the wire lost nothing when its connection goes: its unread data and end stay for the
   * reader; only a local reset drops them. Context only.
   */
  void terminate(Throwable cause) {
    if (closed.isDone()) {
      return;
    }
    if (finishedOnWire && !(cause instanceof LocalReset)) {
      connection.streamClosed(this);
      return;
    }
    for (PendingWrite w; (w = writes.poll()) != null; ) {
      queuedBytes.addAndGet(-(w.data.length - w.offset));
      w.done.completeExceptionally(cause);
    }
    if (finRequested != null) {
      finRequested.completeExceptionally(cause);
    }
    releaseInbound();
    connection.streamClosed(this);
    closed.completeExceptionally(cause);
    if (negotiated != null && !negotiated.isDone()) {
      negotiator = null;
      negotiated.completeExceptionally(cause);
    }
    Consumer<Throwable> h = resetHandler;
    if (h != null && !(cause instanceof LocalReset)) {
      try {
        h.accept(cause);
      } catch (RuntimeException e) {
        connection.log().debug("reset handler for {} failed", protocol, e);
      }
    }
  }

  private void releaseInbound() {
    for (byte[] chunk; (chunk = inbound.poll()) != null; ) {
      connection.release(chunk.length);
    }
    unread = null;
  }

  private static void complete(CompletableFuture<Void> f, Throwable e) {
    if (e == null) {
      f.complete(null);
    } else {
      f.completeExceptionally(e);
    }
  }

  /** Marks a reset we made ourselves, which the reset handler does not hear about. */
  static final class LocalReset extends Libp2pException {
    LocalReset() {
      super("stream reset locally");
    }
  }

  @Override
  public String toString() {
    return "Stream[" + protocol + " with " + remotePeer() + ", yamux " + (yamux == null ? "-" : yamux.id()) + "]";
  }
}
