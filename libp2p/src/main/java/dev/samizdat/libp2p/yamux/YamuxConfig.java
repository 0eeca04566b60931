package dev.samizdat.libp2p.yamux;

/**
 * Limits of one yamux session. {@link #DEFAULT} is what the Host uses; tests shrink the limits to reach them quickly.
 *
 * @param receiveWindow bytes a remote may send on one stream before we have consumed any; at least the spec's 256 KiB
 *     {@link #INITIAL_WINDOW}, the excess is granted in the SYN / ACK window update (spec "Flow Control"). It also
 *     bounds what we hold per stream for a slow reader.
 * @param maxReceiveWindow how far a stream's window may grow when its reader keeps up and the window, not the reader,
 *     limits the transfer (see {@link YamuxStream#consumed}); also the largest DATA frame we decode.
 * @param maxStreams concurrent streams per session, both directions; an inbound SYN beyond it is answered with RST,
 *     a local open beyond it fails. 512 by default, which leaves room for a busy DHT node; the Host sets its own
 *     ({@code HostConfig.maxStreamsPerConnection}) and bounds the windows of all streams together.
 * @param maxAckBacklog streams we opened that the remote has not acknowledged yet; opening more fails locally. The
 *     libp2p yamux spec ("ACK backlog") says implementations SHOULD allow at most 256.
 * @param sendQueueHighWater queued outbound bytes per stream (beyond the peer's window) at which the stream stops
 *     being writable; when the queue drains below it again the stream handler hears {@code onWritable}.
 * @param sendQueueLimit hard cap on queued outbound bytes per stream; a write that would exceed it fails, so a writer
 *     that ignores writability cannot make us buffer without bound.
 * @param maxOutstandingPings pings sent and not yet answered; a peer that never answers cannot grow our state.
 * @param maxTotalReceiveWindow the windows of all streams of the session together: a window grows only within it, so
 *     that a remote using all the credit it was given never makes us hold more (every stream still gets its
 *     receiveWindow). The Host sets it to its per-connection memory limit.
 */
public record YamuxConfig(
    int receiveWindow,
    int maxReceiveWindow,
    int maxStreams,
    int maxAckBacklog,
    int sendQueueHighWater,
    int sendQueueLimit,
    int maxOutstandingPings,
    int maxTotalReceiveWindow) {

  /** The window both sides assume for every new stream (spec "Flow Control"). */
  public static final int INITIAL_WINDOW = 256 * 1024;

  /**
   * How far a window may grow by default: go- and js-libp2p grow theirs to 16 MiB; a quarter of that already fills
   * loopback, and keeps one stream with a paused reader well inside the Host's per-connection memory budget.
   */
  public static final int DEFAULT_MAX_RECEIVE_WINDOW = 4 << 20;

  /** 128 streams with their initial windows, or a few grown to the maximum. */
  public static final int DEFAULT_MAX_TOTAL_RECEIVE_WINDOW = 32 << 20;

  public static final YamuxConfig DEFAULT = new YamuxConfig(INITIAL_WINDOW, DEFAULT_MAX_RECEIVE_WINDOW, 512, 256,
      256 * 1024, 1024 * 1024, 16, DEFAULT_MAX_TOTAL_RECEIVE_WINDOW);

  public YamuxConfig {
    if (receiveWindow < INITIAL_WINDOW) {
      throw new IllegalArgumentException("receiveWindow must be at least " + INITIAL_WINDOW + ": " + receiveWindow);
    }
    if (maxReceiveWindow < receiveWindow) {
      throw new IllegalArgumentException(
          "maxReceiveWindow " + maxReceiveWindow + " is below receiveWindow " + receiveWindow);
    }
    if (maxStreams < 1 || maxAckBacklog < 1 || maxOutstandingPings < 1 || maxTotalReceiveWindow < 1) {
      throw new IllegalArgumentException("stream, backlog, ping and total window limits must be positive");
    }
    if (sendQueueHighWater < 1 || sendQueueLimit < sendQueueHighWater) {
      throw new IllegalArgumentException(
          "need 0 < sendQueueHighWater <= sendQueueLimit: " + sendQueueHighWater + ", " + sendQueueLimit);
    }
  }

  public YamuxConfig withMaxStreams(int n) {
    return new YamuxConfig(receiveWindow, maxReceiveWindow, n, maxAckBacklog, sendQueueHighWater, sendQueueLimit,
        maxOutstandingPings, maxTotalReceiveWindow);
  }

  public YamuxConfig withMaxAckBacklog(int n) {
    return new YamuxConfig(receiveWindow, maxReceiveWindow, maxStreams, n, sendQueueHighWater, sendQueueLimit,
        maxOutstandingPings, maxTotalReceiveWindow);
  }

  /** A fixed window of {@code n} bytes: it never grows. */
  public YamuxConfig withReceiveWindow(int n) {
    return new YamuxConfig(n, n, maxStreams, maxAckBacklog, sendQueueHighWater, sendQueueLimit, maxOutstandingPings,
        maxTotalReceiveWindow);
  }

  public YamuxConfig withSendQueue(int highWater, int limit) {
    return new YamuxConfig(receiveWindow, maxReceiveWindow, maxStreams, maxAckBacklog, highWater, limit,
        maxOutstandingPings, maxTotalReceiveWindow);
  }

  public YamuxConfig withMaxTotalReceiveWindow(int n) {
    return new YamuxConfig(receiveWindow, maxReceiveWindow, maxStreams, maxAckBacklog, sendQueueHighWater,
        sendQueueLimit, maxOutstandingPings, n);
  }
}
