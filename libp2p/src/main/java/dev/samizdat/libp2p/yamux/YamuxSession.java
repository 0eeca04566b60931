package dev.samizdat.libp2p.yamux;

import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_ACK;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_RST;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_SYN;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The yamux state machine of one connection (spec: github.com/hashicorp/yamux/blob/master/spec.md and
 * github.com/libp2p/specs yamux/README.md), free of I/O: bytes from the remote go into {@link #receive}, bytes for
 * the remote come out of the {@link FrameSink}, stream events go to handlers.
 *
 * <p><b>Threading:</b> not thread-safe. The session, its streams and all callbacks belong to one thread (in the Host,
 * the connection's event loop); every method must be called on it. Callbacks run synchronously inside the call that
 * caused them and may call back into the session; the sink must not.
 *
 * <p><b>Failure:</b> when the remote breaks the protocol, the session sends GO_AWAY (protocol error), resets every
 * stream, tells the listener and then throws {@link ProtocolViolationException} from {@link #receive}: the owner
 * should close the connection. Local misuse (opening beyond a limit, writing to a closed stream) throws
 * {@link Libp2pException} and leaves the session intact.
 */
public final class YamuxSession {
  /** Which end of the connection we are: the dialer opens odd stream ids, the listener even ones. */
  public enum Role {
    DIALER,
    LISTENER
  }

  private final Role role;
  private final YamuxConfig config;
  private final FrameSink sink;
  private final YamuxSessionListener listener;
  private final Clock clock;
  private final YamuxFrameDecoder decoder;

  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  /** The windows of the streams in {@link #streams} together: what the remote may make us hold at most. */
  private long grantedWindows;
  private long nextStreamId;
  private int unacknowledged;

  private final Map<Long, PendingPing> pings = new LinkedHashMap<>();
  private long nextPingOpaque;
  /** Round trip of the first ping, which streams compare window-update intervals with; null until measured. */
  private Duration roundTrip;
  private boolean roundTripProbed;

  private boolean localGoAway;
  private boolean remoteGoAway;
  private boolean closed;
  private ProtocolViolationException violation;

  private record PendingPing(Instant sentAt, CompletableFuture<Duration> result) {}

  /**
   * @param clock time source for ping round trips
   */
  public YamuxSession(Role role, YamuxConfig config, FrameSink sink, YamuxSessionListener listener, Clock clock) {
    this.role = Objects.requireNonNull(role);
    this.config = Objects.requireNonNull(config);
    this.sink = Objects.requireNonNull(sink);
    this.listener = Objects.requireNonNull(listener);
    this.clock = Objects.requireNonNull(clock);
    this.decoder = new YamuxFrameDecoder(config.maxReceiveWindow());
    this.nextStreamId = role == Role.DIALER ? 1 : 2;
  }

  public Role role() {
    return role;
  }

  /**
   * Processes bytes from the remote, split anywhere; consumes all of {@code in}. Bytes after the session closed are
   * ignored.
   *
   * @throws ProtocolViolationException if the remote broke the protocol; the session is closed by then
   */
  public void receive(ByteBuffer in) {
    while (!closed) {
      YamuxFrame frame;
      try {
        frame = decoder.decode(in);
      } catch (ProtocolViolationException e) {
        protocolViolation(e);
        break;
      }
      if (frame == null) {
        return;
      }
      handle(frame);
    }
    in.position(in.limit());
    if (violation != null) {
      var v = violation;
      violation = null;
      throw v;
    }
  }

  public void receive(byte[] bytes) {
    receive(ByteBuffer.wrap(bytes));
  }

  /**
   * Opens a stream: sends SYN at once (as a WINDOW_UPDATE, as js-libp2p does); data may follow before the ACK.
   *
   * @throws Libp2pException if the session is closed, the remote sent GO_AWAY, or a stream / ACK-backlog limit is
   *     reached
   */
  public YamuxStream open(YamuxStreamHandler handler) {
    Objects.requireNonNull(handler);
    if (closed) {
      throw new Libp2pException("yamux session is closed");
    }
    if (remoteGoAway) {
      throw new Libp2pException("yamux: the remote sent GO_AWAY and accepts no new streams");
    }
    if (streams.size() >= config.maxStreams()) {
      throw new Libp2pException("yamux: " + streams.size() + " streams open, the limit");
    }
    if (unacknowledged >= config.maxAckBacklog()) {
      throw new Libp2pException("yamux: " + unacknowledged + " opened streams not yet acknowledged by the remote");
    }
    if (nextStreamId > YamuxFrame.MAX_UINT32) {
      throw new Libp2pException("yamux: stream ids exhausted on this session");
    }
    int id = (int) nextStreamId;
    nextStreamId += 2;
    var stream = new YamuxStream(this, id, true, handler, config);
    register(id, stream);
    unacknowledged++;
    sendFrame(YamuxFrameEncoder.encodeWindowUpdate(
        id, FLAG_SYN, config.receiveWindow() - (long) YamuxConfig.INITIAL_WINDOW));
    return stream;
  }

  /**
   * Sends a PING; the future completes with the round trip measured on the injected clock, or fails when the session
   * closes first or {@link YamuxConfig#maxOutstandingPings()} are already unanswered.
   */
  public CompletableFuture<Duration> ping() {
    if (closed) {
      return CompletableFuture.failedFuture(new Libp2pException("yamux session is closed"));
    }
    if (pings.size() >= config.maxOutstandingPings()) {
      return CompletableFuture.failedFuture(
          new Libp2pException("yamux: " + pings.size() + " pings are still unanswered"));
    }
    long opaque;
    do {
      opaque = nextPingOpaque;
      nextPingOpaque = (nextPingOpaque + 1) & YamuxFrame.MAX_UINT32;
    } while (pings.containsKey(opaque));
    var result = new CompletableFuture<Duration>();
    pings.put(opaque, new PendingPing(clock.instant(), result));
    sendFrame(YamuxFrameEncoder.encode(new YamuxFrame.Ping(FLAG_SYN, opaque)));
    return result;
  }

  /**
   * The connection's round trip, for window tuning; null until known. The first call sends the one ping that
   * measures it, so a session whose streams never need a second window update never sends one.
   */
  Duration roundTrip() {
    if (!roundTripProbed) {
      roundTripProbed = true;
      ping().thenAccept(rtt -> roundTrip = rtt);
    }
    return roundTrip;
  }

  Instant now() {
    return clock.instant();
  }

  /** Sends GO_AWAY (normal): the remote's new streams are refused from now on; existing streams go on. Idempotent. */
  public void goAway() {
    if (closed || localGoAway) {
      return;
    }
    localGoAway = true;
    sendFrame(YamuxFrameEncoder.encode(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_NORMAL)));
  }

  /** Sends GO_AWAY (normal) unless already sent, resets every stream and closes the session. Idempotent. */
  public void close() {
    goAway();
    terminate(null);
  }

  /** The connection underneath is gone: resets every stream and closes the session without sending anything. */
  public void transportClosed() {
    terminate(null);
  }

  public boolean isClosed() {
    return closed;
  }

  /** Whether the remote sent GO_AWAY; no new streams can be opened then. */
  public boolean isRemoteGoAway() {
    return remoteGoAway;
  }

  /** Streams currently open, both directions. */
  public int streamCount() {
    return streams.size();
  }

  /** Streams we opened that the remote has not acknowledged yet. */
  public int unacknowledgedCount() {
    return unacknowledged;
  }

  private void handle(YamuxFrame frame) {
    if (frame instanceof YamuxFrame.Data d) {
      onStreamFrame(d.streamId(), d.flags(), d.payload(), 0);
    } else if (frame instanceof YamuxFrame.WindowUpdate w) {
      onStreamFrame(w.streamId(), w.flags(), null, w.delta());
    } else if (frame instanceof YamuxFrame.Ping p) {
      onPing(p);
    } else if (frame instanceof YamuxFrame.GoAway g) {
      onGoAway(g.code());
    }
  }

  private void onStreamFrame(int id, int flags, byte[] payload, long delta) {
    if (id == 0) {
      protocolViolation("yamux: DATA / WINDOW_UPDATE on the session stream id 0");
      return;
    }
    var stream = streams.get(id);
    if ((flags & FLAG_SYN) != 0) {
      if (stream != null) {
        protocolViolation("yamux: SYN for stream " + Integer.toUnsignedString(id) + ", which is already open");
        return;
      }
      stream = acceptInbound(id, flags);
      if (stream == null) {
        return;
      }
    } else if (stream == null) {
      // A stream we have freed (late frames after RST or close) or never knew: nothing to do, nothing buffered.
      return;
    }
    stream.onRemoteFrame(flags, payload, delta);
  }

  /** Returns the new stream, or null if it was refused (then answered with RST) or the session failed. */
  private YamuxStream acceptInbound(int id, int flags) {
    boolean remoteOdd = role == Role.LISTENER;
    if (((id & 1) == 1) != remoteOdd) {
      protocolViolation("yamux: the remote opened stream " + Integer.toUnsignedString(id)
          + " with our parity (" + (remoteOdd ? "it must use odd ids" : "it must use even ids") + ")");
      return null;
    }
    if ((flags & FLAG_RST) != 0) {
      return null;
    }
    if (localGoAway || streams.size() >= config.maxStreams()) {
      sendFrame(YamuxFrameEncoder.encodeWindowUpdate(id, FLAG_RST, 0));
      return null;
    }
    var stream = new YamuxStream(this, id, false, null, config);
    register(id, stream);
    var handler = listener.onInboundStream(stream);
    if (stream.isClosed()) {
      return null;
    }
    if (handler == null) {
      stream.reset();
      return null;
    }
    stream.setHandler(handler);
    stream.sendAckWithWindow();
    return stream;
  }

  private void onPing(YamuxFrame.Ping ping) {
    if (ping.hasFlag(FLAG_SYN)) {
      sendFrame(YamuxFrameEncoder.encode(new YamuxFrame.Ping(FLAG_ACK, ping.opaque())));
    } else if (ping.hasFlag(FLAG_ACK)) {
      // An ACK we did not ask for is ignored, never answered.
      var pending = pings.remove(ping.opaque());
      if (pending != null) {
        pending.result().complete(Duration.between(pending.sentAt(), clock.instant()));
      }
    }
  }

  private void onGoAway(long code) {
    remoteGoAway = true;
    if (code == YamuxFrame.GO_AWAY_NORMAL) {
      listener.onGoAway(code);
    } else {
      terminate(new Libp2pException("yamux: the remote ended the session with GO_AWAY code " + code
          + (code == YamuxFrame.GO_AWAY_PROTOCOL_ERROR ? " (protocol error)"
              : code == YamuxFrame.GO_AWAY_INTERNAL_ERROR ? " (internal error)" : "")));
    }
  }

  /** Records the violation, tells the remote, and closes; {@link #receive} throws it once processing stops. */
  void protocolViolation(String message) {
    protocolViolation(new ProtocolViolationException(message));
  }

  private void protocolViolation(ProtocolViolationException e) {
    if (closed) {
      return;
    }
    violation = e;
    sendFrame(YamuxFrameEncoder.encode(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)));
    terminate(violation);
  }

  private void terminate(Libp2pException cause) {
    if (closed) {
      return;
    }
    closed = true;
    var open = new ArrayList<>(streams.values());
    streams.clear();
    grantedWindows = 0;
    unacknowledged = 0;
    for (var stream : open) {
      stream.terminate();
    }
    var unanswered = new ArrayList<>(pings.values());
    pings.clear();
    for (var ping : unanswered) {
      ping.result().completeExceptionally(new Libp2pException("yamux session closed before the ping was answered"));
    }
    listener.onClosed(cause);
  }

  void sendFrame(byte[] frame) {
    sink.write(frame);
  }

  void sendData(int streamId, int flags, byte[] src, int off, int len) {
    sink.writeData(streamId, flags, src, off, len);
  }

  void onAcknowledged() {
    unacknowledged--;
  }

  void onStreamFreed(YamuxStream stream) {
    if (streams.remove((int) stream.id()) == null) {
      return;
    }
    grantedWindows -= stream.windowSize();
    if (stream.isOutbound() && !stream.isAcknowledged()) {
      unacknowledged--;
    }
  }

  private void register(int id, YamuxStream stream) {
    streams.put(id, stream);
    grantedWindows += stream.windowSize();
  }

  /**
   * How much of {@code wanted} a stream's window may grow by, taken from what the windows of all streams leave of
   * {@link YamuxConfig#maxTotalReceiveWindow()}; zero when nothing is left.
   */
  long grantWindowGrowth(long wanted) {
    long granted = Math.max(0, Math.min(wanted, config.maxTotalReceiveWindow() - grantedWindows));
    grantedWindows += granted;
    return granted;
  }
}
