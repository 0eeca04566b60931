package dev.samizdat.libp2p.yamux;

import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_ACK;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_FIN;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_RST;

import dev.samizdat.libp2p.Libp2pException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * One yamux stream of a {@link YamuxSession}. Same threading contract as the session: call it only on the
 * session's thread. Events arrive at the {@link YamuxStreamHandler} given when the stream was opened or accepted.
 *
 * <p>Flow control (spec "Flow Control"): we send only within the peer's window and queue the rest, up to
 * {@link YamuxConfig#sendQueueLimit()}; the peer may send at most our window, which is only replenished as the
 * application reports consumed bytes. A stream is freed once both directions are closed, or when it is reset.
 */
public final class YamuxStream {
  /**
   * Largest DATA payload we send in one frame: frame plus header fit in one Noise transport message (65535 bytes),
   * and one stream cannot hold the connection for long while others wait.
   */
  public static final int MAX_DATA_FRAME_PAYLOAD = 16 * 1024;

  private final YamuxSession session;
  private final int id;
  private final boolean outbound;
  private final YamuxConfig config;
  private YamuxStreamHandler handler;

  /** Outbound: the remote's ACK arrived. Inbound: our ACK went out (on the first frame we sent). */
  private boolean acknowledged;
  private boolean finRequested;
  private boolean finSent;
  private boolean remoteFin;
  private boolean freed;

  private long sendWindow = YamuxConfig.INITIAL_WINDOW;
  private long receiveWindow;
  private long unconsumed;
  private long pendingWindowUpdate;
  /** The window we grant: it starts at the configured size and grows while the window limits the transfer. */
  private long windowSize;
  private Instant lastWindowUpdate;

  private final ArrayDeque<byte[]> sendQueue = new ArrayDeque<>();
  private int headOffset;
  private long queuedBytes;
  private boolean blocked;

  YamuxStream(YamuxSession session, int id, boolean outbound, YamuxStreamHandler handler, YamuxConfig config) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.handler = handler;
    this.config = config;
    this.receiveWindow = config.receiveWindow();
    this.windowSize = config.receiveWindow();
  }

  /** The stream id, an unsigned 32-bit value: odd if the dialer opened the stream, even if the listener did. */
  public long id() {
    return Integer.toUnsignedLong(id);
  }

  public boolean isOutbound() {
    return outbound;
  }

  public YamuxSession session() {
    return session;
  }

  /**
   * Sends {@code data[off, off+len)}: at once within the peer's window, the rest queued (copied) until the peer
   * grants more.
   *
   * @return {@link #isWritable()} after the write; once false, wait for {@link YamuxStreamHandler#onWritable}
   * @throws Libp2pException if this direction is closed, the stream was reset, the session is closed, or the write
   *     would take the send queue above {@link YamuxConfig#sendQueueLimit()} (nothing is sent then)
   */
  public boolean write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (freed || finRequested) {
      throw new Libp2pException("yamux stream " + id() + " is closed for writing");
    }
    long direct = queuedBytes == 0 ? Math.min(len, sendWindow) : 0;
    if (queuedBytes + len - direct > config.sendQueueLimit()) {
      throw new Libp2pException("yamux stream " + id() + ": send queue would exceed " + config.sendQueueLimit()
          + " bytes; wait until the stream is writable");
    }
    int sent = 0;
    while (sent < direct) {
      int n = (int) Math.min(direct - sent, MAX_DATA_FRAME_PAYLOAD);
      sendData(data, off + sent, n, 0);
      sent += n;
    }
    if (sent < len) {
      sendQueue.add(Arrays.copyOfRange(data, off + sent, off + len));
      queuedBytes += len - sent;
    }
    boolean writable = isWritable();
    blocked |= !writable;
    return writable;
  }

  public boolean write(byte[] data) {
    return write(data, 0, data.length);
  }

  /**
   * Asks for {@link YamuxStreamHandler#onWritable} once the peer grants more window: for a writer that sends only
   * within {@link #sendWindow()}, so that nothing is queued (and copied) here.
   */
  public void notifyWhenWindowOpens() {
    blocked = true;
  }

  /** False once the send queue reaches the high-water mark, or when this direction is closed. */
  public boolean isWritable() {
    return !freed && !finRequested && queuedBytes < config.sendQueueHighWater();
  }

  /** Half-closes our direction: FIN follows the queued data. Idempotent. */
  public void closeWrite() {
    if (freed || finRequested) {
      return;
    }
    finRequested = true;
    flush();
  }

  /** Ends the stream in both directions at once (RST) and frees it; queued data is dropped. Idempotent. */
  public void reset() {
    if (freed) {
      return;
    }
    session.sendFrame(YamuxFrameEncoder.encodeWindowUpdate(id, FLAG_RST, 0));
    free();
  }

  /**
   * Reports that the application has processed {@code n} received bytes, so the remote may send that many more. A
   * window update goes out once half the window has been consumed, which keeps the frame count low while the
   * remote never stalls on a reader that keeps up.
   *
   * <p>When updates follow each other within two round trips, the reader keeps up and the window is what limits the
   * transfer (a window's worth per round trip): the update then also doubles the window, up to
   * {@link YamuxConfig#maxReceiveWindow()}, as go- and js-libp2p's yamux do. A slow reader sends updates slowly and
   * keeps the small window.
   *
   * @throws IllegalArgumentException if {@code n} is negative or more than was delivered and not yet consumed
   */
  public void consumed(int n) {
    if (n < 0 || n > unconsumed) {
      throw new IllegalArgumentException(
          "yamux stream " + id() + ": consumed " + n + " bytes but " + unconsumed + " are unconsumed");
    }
    if (freed) {
      return;
    }
    unconsumed -= n;
    if (remoteFin) {
      return;
    }
    pendingWindowUpdate += n;
    if (pendingWindowUpdate >= windowSize / 2) {
      sendWindowUpdate();
    }
  }

  public boolean isRemoteClosed() {
    return remoteFin;
  }

  public boolean isLocalClosed() {
    return finRequested;
  }

  /** True once the stream has been freed: both directions closed, or reset. */
  public boolean isClosed() {
    return freed;
  }

  /** The window this side grants: what the remote may have sent and we not yet consumed, at most. */
  long windowSize() {
    return windowSize;
  }

  /** Bytes the peer currently lets us send. */
  public long sendWindow() {
    return sendWindow;
  }

  /** Bytes written but not yet sent because the peer's window is exhausted. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** Bytes delivered to the handler and not yet reported consumed. */
  public long unconsumedBytes() {
    return unconsumed;
  }

  boolean isAcknowledged() {
    return acknowledged;
  }

  void setHandler(YamuxStreamHandler handler) {
    this.handler = handler;
  }

  /** The stream-level part of a DATA or WINDOW_UPDATE frame whose SYN (if any) the session has handled. */
  void onRemoteFrame(int flags, byte[] payload, long delta) {
    if ((flags & FLAG_ACK) != 0 && outbound && !acknowledged) {
      acknowledged = true;
      session.onAcknowledged();
    }
    if ((flags & FLAG_RST) != 0) {
      free();
      handler.onReset(this);
      return;
    }
    if (delta > 0) {
      sendWindow += delta;
      flush();
      if (freed) {
        return;
      }
    }
    if (payload != null && payload.length > 0) {
      if (remoteFin) {
        // Data after the remote's own FIN: the remote broke this stream, not the session.
        reset();
        handler.onReset(this);
        return;
      }
      if (payload.length > receiveWindow) {
        session.protocolViolation("yamux: stream " + id() + " received " + payload.length
            + " bytes with only " + receiveWindow + " left in its window");
        return;
      }
      receiveWindow -= payload.length;
      unconsumed += payload.length;
      handler.onData(this, payload);
    }
    if ((flags & FLAG_FIN) != 0 && !freed && !remoteFin) {
      remoteFin = true;
      handler.onRemoteClose(this);
      freeIfDone();
    }
  }

  /** The session ended under this open stream. */
  void terminate() {
    if (freed) {
      return;
    }
    freed = true;
    dropQueue();
    if (handler != null) {
      handler.onReset(this);
    }
  }

  private void sendData(byte[] data, int off, int len, int flags) {
    sendWindow -= len;
    session.sendData(id, flags | takeAck(), data, off, len);
  }

  private void sendWindowUpdate() {
    long delta = pendingWindowUpdate;
    pendingWindowUpdate = 0;
    Instant now = session.now();
    if (windowSize < config.maxReceiveWindow() && lastWindowUpdate != null && windowLimited(now)) {
      long growth = session.grantWindowGrowth(Math.min(windowSize, config.maxReceiveWindow() - windowSize));
      windowSize += growth;
      delta += growth;
    }
    lastWindowUpdate = now;
    receiveWindow += delta;
    session.sendFrame(YamuxFrameEncoder.encodeWindowUpdate(id, takeAck(), delta));
  }

  private boolean windowLimited(Instant now) {
    Duration rtt = session.roundTrip();
    return rtt != null && Duration.between(lastWindowUpdate, now).compareTo(rtt.multipliedBy(2)) < 0;
  }

  /** Accepts an inbound stream right away when we grant more than the initial window (spec: "as part of the ACK"). */
  void sendAckWithWindow() {
    long extra = config.receiveWindow() - (long) YamuxConfig.INITIAL_WINDOW;
    if (extra > 0) {
      session.sendFrame(YamuxFrameEncoder.encodeWindowUpdate(id, takeAck(), extra));
    }
  }

  /** The ACK flag for the first frame we send on an inbound stream. */
  private int takeAck() {
    if (outbound || acknowledged) {
      return 0;
    }
    acknowledged = true;
    return FLAG_ACK;
  }

  /** Sends queued data within the window, then FIN if requested, and reports regained writability. */
  private void flush() {
    while (queuedBytes > 0 && sendWindow > 0 && !freed) {
      byte[] head = sendQueue.peekFirst();
      int n = (int) Math.min(Math.min(head.length - headOffset, sendWindow), MAX_DATA_FRAME_PAYLOAD);
      // FIN never rides on a DATA frame with payload: js-libp2p's yamux (chainsafe 8.x) handles a
      // frame's flags before its data, so it ends the stream and drops the last payload. An empty
      // WINDOW_UPDATE with FIN after the data (below) is what js itself sends.
      sendData(head, headOffset, n, 0);
      queuedBytes -= n;
      headOffset += n;
      if (headOffset == head.length) {
        sendQueue.removeFirst();
        headOffset = 0;
      }
    }
    if (freed) {
      return;
    }
    if (queuedBytes == 0 && finRequested && !finSent) {
      finSent = true;
      session.sendFrame(YamuxFrameEncoder.encodeWindowUpdate(id, FLAG_FIN | takeAck(), 0));
    }
    if (finSent) {
      freeIfDone();
    } else if (blocked && isWritable()) {
      blocked = false;
      handler.onWritable(this);
    }
  }

  private void freeIfDone() {
    if (!freed && finSent && remoteFin) {
      free();
      handler.onClosed(this);
    }
  }

  private void free() {
    freed = true;
    dropQueue();
    session.onStreamFreed(this);
  }

  private void dropQueue() {
    sendQueue.clear();
    queuedBytes = 0;
    headOffset = 0;
  }

  @Override
  public String toString() {
    return "YamuxStream[" + id() + (outbound ? " outbound" : " inbound") + (freed ? " closed" : "") + "]";
  }
}
