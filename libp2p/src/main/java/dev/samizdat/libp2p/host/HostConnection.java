package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.Noise;
import dev.samizdat.libp2p.noise.NoiseTransport;
import dev.samizdat.libp2p.noise.UnexpectedPeerException;
import dev.samizdat.libp2p.yamux.YamuxSession;
import dev.samizdat.libp2p.yamux.YamuxSessionListener;
import dev.samizdat.libp2p.yamux.YamuxStream;
import dev.samizdat.libp2p.yamux.YamuxStreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.ReferenceCounted;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
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
 * {@link #execute}. Outbound yamux frames are collected by {@link EncryptedOutput} and sealed and
 * written when the outermost task on the context ends (or the batch is full), so a burst of small
 * frames costs one Noise message and one socket write.
 *
 * <p><b>Buffers.</b> Socket reads arrive as Netty's own direct buffers, not copied into Vert.x heap
 * buffers; whole Noise messages are opened where they lie, into a per-event-loop scratch buffer that
 * yamux copies the payloads out of.
 */
final class HostConnection implements Connection, ConnectionExecutor, YamuxSessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
  /**
   * Bytes queued on the socket before writers wait: two output batches keep the kernel busy while
   * we encrypt the next, and a small queue keeps a ping reply from waiting behind megabytes of bulk
   * data (js drops a connection whose ping takes longer than 5 s).
   */
  static final int SOCKET_WRITE_QUEUE_BYTES = 2 * EncryptedOutput.BATCH;
  /**
   * Bytes queued on the socket beyond which the connection is closed. Stream data waits at {@link
   * #SOCKET_WRITE_QUEUE_BYTES}, but what yamux answers by itself (ping replies, window updates, resets)
   * is written while the socket is full, since reading goes on: a peer that sends pings and never
   * reads would otherwise make us queue a reply for each, without bound.
   */
  static final long MAX_UNSENT_BYTES = 16L * SOCKET_WRITE_QUEUE_BYTES;
  /** How long a closed connection may take to write what it still queued before the socket is aborted. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
  /**
   * Bytes taken from the socket per read: four full Noise messages. Vert.x reads into buffers as large
   * as the socket's receive buffer (1 MiB); in rounds alternating on one connection, 256 KiB reads cost
   * 2–5 % less CPU per byte than 1 MiB, 512 KiB or 128 KiB ones.
   */
  static final int SOCKET_READ_BYTES = 256 * 1024;
  /**
   * Where received Noise messages are opened: used only within one socket read on one event loop, and
   * copied out by yamux before the read ends, so one per event-loop thread serves every connection.
   */
  private static final ThreadLocal<ByteBuffer> OPEN_SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(Noise.MAX_PLAINTEXT_LENGTH));

  private final VertxHost host;
  private final NetSocket socket;
  private final Context context;
  private final Direction direction;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;
  private final CompletableFuture<HostConnection> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
  private final Set<MuxedStream> streams = new LinkedHashSet<>();
  /** Streams with writes waiting for the socket to drain, served in turn. */
  private final Set<MuxedStream> blocked = new LinkedHashSet<>();

  private ConnectionUpgrade upgrade;
  private NoiseTransport transport;
  private YamuxSession session;
  private PeerId remotePeer;
  private volatile boolean open = true;
  private boolean closing;
  /** Bytes handed to the socket and not yet written to it (Vert.x and Netty both queue). Context only. */
  private long unsentBytes;
  private boolean overflowing;
  private int depth;
  private long handshakeTimer = -1;
  private long idleTimer = -1;
  private long lastActivity;
  private CompletableFuture<Duration> pingChain = CompletableFuture.completedFuture(null);
  private long buffered;
  private EncryptedOutput output;

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
    ((NetSocketInternal) socket).messageHandler(this::onSocketMessage);
    ((NetSocketInternal) socket).channelHandlerContext().channel().config()
        .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(SOCKET_READ_BYTES));
    // Socket events may fire inside socket.write (Netty flushes synchronously on the event loop), in
    // the middle of a yamux or stream operation; they always run as tasks of their own instead.
    socket.closeHandler(v -> later(() -> onSocketClosed(null)));
    socket.exceptionHandler(e -> later(() -> onSocketClosed(e)));
    socket.setWriteQueueMaxSize(SOCKET_WRITE_QUEUE_BYTES);
    socket.drainHandler(v -> later(this::onSocketDrained));
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

  /** Runs {@code task} as a new task on the context, never nested in the current one. */
  private void later(Runnable task) {
    context.runOnContext(v -> run(task));
  }

  @Override
  public boolean inContext() {
    return Vertx.currentContext() == context;
  }

  private void run(Runnable task) {
    depth++;
    try {
      task.run();
    } catch (Libp2pException e) { // the remote broke a protocol or proved to be someone else: a reason, not a bug
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

  /** Netty's read buffer itself (no Vert.x copy): used within this call only, then released. */
  private void onSocketMessage(Object message) {
    try {
      if (message instanceof ByteBuf buf) {
        onSocketData(buf);
      }
    } finally {
      if (message instanceof ReferenceCounted counted) {
        counted.release();
      }
    }
  }

  private void onSocketData(ByteBuf buf) {
    run(() -> {
      if (!open) {
        return;
      }
      lastActivity = host.nowMillis();
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
      transport.decrypt(in, OPEN_SCRATCH.get(), session::receive);
    });
  }

  private void upgraded() {
    ConnectionUpgrade done = upgrade;
    upgrade = null;
    cancelHandshakeTimer();
    transport = done.transport();
    remotePeer = done.remotePeer();
    ByteBufAllocator allocator = ((NetSocketInternal) socket).channelHandlerContext().alloc();
    output = new EncryptedOutput(transport, allocator, this::write);
    session = new YamuxSession(direction == Direction.OUTBOUND ? YamuxSession.Role.DIALER : YamuxSession.Role.LISTENER,
        host.yamuxConfig(), output, this, host.clock());
    LOG.debug("connection {} {} upgraded (muxer {})", direction, remotePeer,
        done.earlyMuxer() ? "inlined in Noise" : "by multistream");
    byte[] leftover = done.leftoverPlaintext();
    try {
      host.connectionReady(this);
    } catch (Libp2pException e) {
      fail(e);
      return;
    }
    long idleMillis = host.config().idleTimeout().toMillis();
    idleTimer = context.owner().setPeriodic(Math.max(1, idleMillis / 4), id -> later(() -> {
      if (open && idleSince(host.nowMillis(), idleMillis)) {
        LOG.debug("closing connection to {}: idle for {} ms", remotePeer, idleMillis);
        close(null);
      }
    }));
    ready.complete(this);
    if (leftover.length > 0) {
      session.receive(ByteBuffer.wrap(leftover));
    }
  }

  // ---- outbound bytes ----

  /** Seals and writes the frames collected during the task that is ending. */
  private void flush() {
    if (output == null) {
      return;
    }
    if (open) {
      output.flush();
    } else {
      output.release();
    }
  }

  private void writeRaw(byte[] bytes) {
    if (bytes.length > 0 && open) {
      write(Unpooled.wrappedBuffer(bytes));
    }
  }

  /**
   * Queues bytes on the socket. Reading goes on while the socket is full: window updates and other
   * streams' data must still arrive (pausing here deadlocks against an echoing peer); stream writers
   * wait instead (see {@link #socketWritable()}), and yamux windows bound what the remote can send.
   */
  private void write(ByteBuf bytes) {
    if (!open) {
      bytes.release();
      return;
    }
    // Not socket.write(Buffer): Vert.x hands Netty an unreleasable view of a wrapped ByteBuf, so the
    // pooled buffer would never return to the pool. A raw message is released by Netty once written.
    int length = bytes.readableBytes();
    unsentBytes += length;
    ((NetSocketInternal) socket).writeMessage(bytes).onComplete(written -> unsentBytes -= length);
    if (unsentBytes > MAX_UNSENT_BYTES && !overflowing) {
      overflowing = true;
      long unsent = unsentBytes;
      later(() -> fail(new ProtocolViolationException("it does not read what it asks for: " + unsent
          + " bytes of ours wait to be sent")));
    }
  }

  boolean socketWritable() {
    return !socket.writeQueueFull();
  }

  void blockedOnSocket(MuxedStream stream) {
    blocked.add(stream);
  }

  /** The socket drained: let blocked writers go one slice each, in turn. */
  private void onSocketDrained() {
    while (!blocked.isEmpty() && socketWritable()) {
      var it = blocked.iterator();
      MuxedStream next = it.next();
      it.remove();
      next.pumpWrites(1);
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
    blocked.remove(stream);
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
      LOG.info("closing connection {}: remote broke the protocol: {}", logName(), cause.getMessage());
    } else if (cause instanceof UnexpectedPeerException) {
      LOG.info("closing connection {}: {}", remoteAddress, cause.getMessage());
    } else {
      LOG.debug("closing connection {}: {}", logName(), cause.getMessage());
    }
    close(cause);
  }

  /** The remote's address, with /p2p/ once the handshake has proved who it is. */
  private String logName() {
    return remotePeer == null ? remoteAddress.toString() : remoteAddress + "/p2p/" + remotePeer;
  }

  private void close(Throwable cause) {
    if (closing) {
      return;
    }
    closing = true;
    cancelTimers();
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
    // A graceful close waits until everything queued is written (Vert.x queues the close behind it), so
    // a peer that does not read would keep the socket open, and read, for good. After a grace period, or
    // at once if it already stopped reading, the socket is closed underneath Vert.x.
    Channel channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
    Runnable abort = () -> channel.unsafe().close(channel.voidPromise());
    if (overflowing) {
      channel.eventLoop().execute(abort);
    } else {
      context.owner().setTimer(CLOSE_GRACE.toMillis(), id -> channel.eventLoop().execute(abort));
    }
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

  private void cancelTimers() {
    cancelHandshakeTimer();
    if (idleTimer >= 0) {
      context.owner().cancelTimer(idleTimer);
      idleTimer = -1;
    }
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
