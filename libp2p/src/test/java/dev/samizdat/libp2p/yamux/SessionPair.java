package dev.samizdat.libp2p.yamux;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * A dialer and a listener session wired back to back in memory. Bytes are delivered only by {@link #pump()}, in
 * chunks of random size, so every frame boundary and split gets exercised.
 */
final class SessionPair {
  final MutableClock clock = new MutableClock();
  final RecordingListener dialerEvents = new RecordingListener();
  final RecordingListener listenerEvents = new RecordingListener();
  final YamuxSession dialer;
  final YamuxSession listener;
  ProtocolViolationException dialerFailure;
  ProtocolViolationException listenerFailure;
  /** Largest number of bytes that were in flight in one direction at a pump step. */
  long maxInFlight;

  private final Random random;
  private final ArrayDeque<byte[]> toListener = new ArrayDeque<>();
  private final ArrayDeque<byte[]> toDialer = new ArrayDeque<>();

  SessionPair(YamuxConfig dialerConfig, YamuxConfig listenerConfig, long seed) {
    random = new Random(seed);
    dialer = new YamuxSession(YamuxSession.Role.DIALER, dialerConfig, toListener::add, dialerEvents, clock);
    listener = new YamuxSession(YamuxSession.Role.LISTENER, listenerConfig, toDialer::add, listenerEvents, clock);
  }

  SessionPair(long seed) {
    this(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, seed);
  }

  /** Delivers bytes both ways until neither side has anything more to say. */
  void pump() {
    while (!toListener.isEmpty() || !toDialer.isEmpty()) {
      deliver(toListener, true);
      deliver(toDialer, false);
    }
  }

  boolean quiet() {
    return toListener.isEmpty() && toDialer.isEmpty();
  }

  private void deliver(ArrayDeque<byte[]> queue, boolean toListenerSide) {
    if (queue.isEmpty()) {
      return;
    }
    var all = new ByteArrayOutputStream();
    while (!queue.isEmpty()) {
      all.writeBytes(queue.poll());
    }
    byte[] bytes = all.toByteArray();
    maxInFlight = Math.max(maxInFlight, bytes.length);
    var target = toListenerSide ? listener : dialer;
    int at = 0;
    while (at < bytes.length) {
      int n = 1 + random.nextInt(Math.min(bytes.length - at, 1 + random.nextInt(40_000)));
      try {
        target.receive(java.nio.ByteBuffer.wrap(bytes, at, n));
      } catch (ProtocolViolationException e) {
        if (toListenerSide) {
          listenerFailure = e;
        } else {
          dialerFailure = e;
        }
        return;
      }
      at += n;
    }
  }
}
