package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.NoiseTransport;
import dev.samizdat.libp2p.yamux.YamuxSession;
import dev.samizdat.libp2p.yamux.YamuxSessionListener;
import dev.samizdat.libp2p.yamux.YamuxStream;
import dev.samizdat.libp2p.yamux.YamuxStreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, from raw socket to yamux session: the thin I/O adapter around
 * {@link ConnectionUpgrade}, {@link NoiseTransport} and {@link YamuxSession}.
 *
 * <p><b>Threading.</b> Everything here runs on the socket's Vert.x context (one event loop); the
 * public {@link Connection} methods and {@link MuxedStream}'s methods hop onto it through
 * {@link #execute}. Outbound yamux frames are collected in one plaintext buffer and encrypted and
 * written when the outermost task on the context ends (or the buffer is full), so a burst of small
 * frames costs one Noise message and one socket write.
 */
final class HostConnection implements Connection, ConnectionExecutor, YamuxSessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
  /** Plaintext collected before encrypting: a few Noise messages, so one socket write carries many frames. */
  static final int OUTPUT_BATCH = 4 * 65519;

  private final VertxHost host;
  private final NetSocket socket;
  private final Context context;
  private final Direction direction;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;
  private final CompletableFuture<HostConnection> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
  private final Set<MuxedStream> streams = new LinkedHashSet<>();

  private ConnectionUpgrade upgrade;
  private NoiseTransport transport;
  private YamuxSession session;
  private PeerId remotePeer;
  private volatile boolean open = true;
  private boolean closing;
  private int depth;
  private long handshakeTimer = -1;
  private long lastActivity;
  private CompletableFuture<Duration> pingChain = CompletableFuture.completedFuture(null);
  private long buffered;

  private byte[] plainOut = new byte[OUTPUT_BATCH];
  private int plainOutLength;

  HostConnection(VertxHost host, NetSocket socket, Context context, Direction direction, ConnectionUpgrade upgrade) {
    this.host = host;
    this.socket = socket;
    this.context = context;
    this.direction = direction;
    this.upgrade = upgrade;
    this.remoteAddress = host.toMultiaddr(socket.remoteAddress());
    this.localAddress = host.toMultiaddr(socket.localAddress());
  }

  /** Starts the upgrade; completes when the connection is ready for streams. Context only. */
  CompletableFuture<HostConnection> start() {
    lastActivity = host.nowMillis();
    handshakeTimer = context.owner().setTimer(host.config().handshakeTimeout().toMillis(), id -> execute(() -> {
      handshakeTimer = -1;
      if (!ready.isDone()) {
        fail(new Libp2pException("handshake with " + remoteAddress + " timed out after "
            + host.config().handshakeTimeout().toMillis() + " ms"));
      }
    }));
    socket.handler(this::onSocketData);
    socket.closeHandler(v -> execute(() -> onSocketClosed(null)));
    socket.exceptionHandler(e -> execute(() -> onSocketClosed(e)));
    socket.drainHandler(v -> socket.resume());
    execute(() -> writeRaw(upgrade.start()));
    return ready;
  }

  // ---- executor ----

  @Override
  public void execute(Runnable task) {
    if (Vertx.currentContext() == context) {
      run(task);
    } else {
      context.runOnContext(v -> run(task));
    }
  }

  @Override
  public boolean inContext() {
    return Vertx.currentContext() == context;
  }

  private void run(Runnable task) {
    depth++;
    try {
      task.run();
    } catch (ProtocolViolationException e) {
      fail(e);
    } catch (RuntimeException e) {
      LOG.warn("connection to {}: unexpected failure", remotePeer, e);
      fail(e);
    } finally {
      if (--depth == 0) {
        flush();
      }
    }
  }

  ConnectionExecutor executor() {
    return this;
  }

  Logger log() {
    return LOG;
  }

  // ---- inbound bytes ----

  private void onSocketData(Buffer data) {
    run(() -> {
      if (!open) {
        return;
      }
      lastActivity = host.nowMillis();
      ByteBuf buf = ((BufferInternal) data).getByteBuf();
      ByteBuffer in = buf.nioBuffer();
      if (upgrade != null) {
        writeRaw(upgrade.onReceived(in));
        if (!upgrade.isDone()) {
          return;
        }
        in = upgrade.remainingInput();
        upgraded();
        if (!open) {
          return;
        }
      }
      transport.decrypt(in, (array, off, len) -> session.receive(ByteBuffer.wrap(array, off, len)));
    });
  }

  private void upgraded() {
    ConnectionUpgrade done = upgrade;
    upgrade = null;
    cancelHandshakeTimer();
    transport = done.transport();
    remotePeer = done.remotePeer();
    session = new YamuxSession(direction == Direction.OUTBOUND ? YamuxSession.Role.DIALER : YamuxSession.Role.LISTENER,
        host.yamuxConfig(), this::onFrame, this, host.clock());
    LOG.debug("connection {} {} upgraded (muxer {})", direction, remotePeer,
        done.earlyMuxer() ? "inlined in Noise" : "by multistream");
    byte[] leftover = done.leftoverPlaintext();
    try {
      host.connectionReady(this);
    } catch (Libp2pException e) {
      fail(e);
      return;
    }
    ready.complete(this);
    if (leftover.length > 0) {
      session.receive(ByteBuffer.wrap(leftover));
    }
  }

  // ---- outbound bytes ----

  private void onFrame(byte[] frame) {
    if (plainOutLength + frame.length > plainOut.length) {
      flush();
      if (frame.length > plainOut.length) {
        plainOut = new byte[frame.length];
      }
    }
    System.arraycopy(frame, 0, plainOut, plainOutLength, frame.length);
    plainOutLength += frame.length;
  }

  /** Encrypts the collected frames and writes them as one buffer. */
  private void flush() {
    if (plainOutLength == 0 || transport == null || !open) {
      plainOutLength = 0;
      return;
    }
    byte[] wire = new byte[NoiseTransport.encryptedLength(plainOutLength)];
    int n = transport.encrypt(plainOut, 0, plainOutLength, wire, 0);
    plainOutLength = 0;
    write(Unpooled.wrappedBuffer(wire, 0, n));
  }

  private void writeRaw(byte[] bytes) {
    if (bytes.length > 0 && open) {
      write(Unpooled.wrappedBuffer(bytes));
    }
  }

  private void write(ByteBuf bytes) {
    socket.write(BufferInternal.buffer(bytes));
    if (socket.writeQueueFull()) {
      // Stop reading until the socket drains, so a remote that does not read cannot make us queue echoes.
      socket.pause();
    }
  }

  // ---- yamux session events ----

  @Override
  public YamuxStreamHandler onInboundStream(YamuxStream stream) {
    if (streams.size() >= host.config().maxStreamsPerConnection()) {
      LOG.debug("{} opened more than {} streams; refusing one", remotePeer, host.config().maxStreamsPerConnection());
      return null;
    }
    MuxedStream s = new MuxedStream(this);
    s.attach(stream);
    streams.add(s);
    host.negotiateInbound(s);
    return s;
  }

  @Override
  public void onClosed(Libp2pException cause) {
    if (cause != null) {
      LOG.info("connection to {} closed: {}", remotePeer, cause.getMessage());
    }
    close(cause);
  }

  /** Opens an outbound yamux stream for negotiation. Context only. */
  MuxedStream openStream() {
    if (!open || session == null) {
      throw new Libp2pException("connection to " + remotePeer + " is closed");
    }
    if (streams.size() >= host.config().maxStreamsPerConnection()) {
      throw new Libp2pException("connection to " + remotePeer + " has " + streams.size() + " streams open");
    }
    MuxedStream s = new MuxedStream(this);
    s.attach(session.open(s));
    streams.add(s);
    return s;
  }

  void streamClosed(MuxedStream stream) {
    streams.remove(stream);
    lastActivity = host.nowMillis();
  }

  /** Counts bytes held for this connection; a remote that makes us hold too much loses the connection. */
  void charge(int bytes) {
    buffered += bytes;
    if (buffered > host.config().maxBufferedBytesPerConnection()) {
      fail(new ProtocolViolationException("connection to " + remotePeer + " buffers " + buffered
          + " bytes, over the limit of " + host.config().maxBufferedBytesPerConnection()));
    }
  }

  void release(int bytes) {
    buffered -= bytes;
  }

  /**
   * Runs pings on this connection one after another: js-libp2p allows one outbound ping stream per
   * connection at a time and resets the rest.
   */
  synchronized CompletableFuture<Duration> serializePing(Supplier<CompletableFuture<Duration>> ping) {
    CompletableFuture<Duration> next = pingChain.handle((d, e) -> null).thenCompose(x -> ping.get());
    pingChain = next;
    return next;
  }

  boolean idleSince(long now, long idleMillis) {
    return streams.isEmpty() && now - lastActivity >= idleMillis;
  }

  // ---- closing ----

  /** Fails the connection because of {@code cause}: logs why and closes. Context only. */
  void fail(Throwable cause) {
    if (!open) {
      return;
    }
    if (cause instanceof ProtocolViolationException) {
      LOG.info("closing connection {} {}: remote broke the protocol: {}", remoteAddress,
          remotePeer == null ? "" : remotePeer, cause.getMessage());
    } else {
      LOG.debug("closing connection {} {}: {}", remoteAddress, remotePeer == null ? "" : remotePeer,
          cause.getMessage());
    }
    close(cause);
  }

  private void close(Throwable cause) {
    if (closing) {
      return;
    }
    closing = true;
    cancelHandshakeTimer();
    if (session != null && !session.isClosed()) {
      session.close();
    }
    Libp2pException reason = cause instanceof Libp2pException l ? l
        : new Libp2pException("connection to " + remotePeer + " closed", cause);
    for (MuxedStream s : new ArrayList<>(streams)) {
      s.terminate(reason);
    }
    streams.clear();
    flush();
    open = false;
    socket.close();
    if (!ready.isDone()) {
      ready.completeExceptionally(cause != null ? cause : reason);
    }
    host.connectionClosed(this, cause);
    closedFuture.complete(null);
  }

  private void onSocketClosed(Throwable error) {
    if (session != null && !session.isClosed()) {
      session.transportClosed();
    }
    if (error != null) {
      LOG.debug("socket to {} failed: {}", remoteAddress, error.getMessage());
    }
    close(error == null && ready.isDone() ? null
        : error != null ? error : new Libp2pException("connection closed by " + remoteAddress + " during the handshake"));
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer >= 0) {
      context.owner().cancelTimer(handshakeTimer);
      handshakeTimer = -1;
    }
  }

  // ---- Connection ----

  @Override
  public PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public int streamCount() {
    return streams.size();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public CompletableFuture<Void> close() {
    execute(() -> close(null));
    return closedFuture;
  }

  CompletableFuture<Void> closedFuture() {
    return closedFuture;
  }

  List<MuxedStream> streams() {
    return List.copyOf(streams);
  }

  @Override
  public String toString() {
    return "Connection[" + direction + " " + remotePeer + " at " + remoteAddress + "]";
  }
}
