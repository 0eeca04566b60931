package dev.samizdat.libp2p.yamux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One session under test, driven by hand-made frames; what it sends is decoded back into frames. */
final class RawPeer {
  final MutableClock clock = new MutableClock();
  final RecordingListener events = new RecordingListener();
  final YamuxSession session;
  private final List<byte[]> out = new ArrayList<>();

  RawPeer(YamuxSession.Role role, YamuxConfig config) {
    session = new YamuxSession(role, config, out::add, events, clock);
  }

  void send(YamuxFrame... frames) {
    for (var f : frames) {
      session.receive(YamuxFrameEncoder.encode(f));
    }
  }

  /** The frames the session sent since the last call. */
  List<YamuxFrame> sent() {
    var decoder = new YamuxFrameDecoder(Integer.MAX_VALUE);
    var frames = new ArrayList<YamuxFrame>();
    for (byte[] bytes : out) {
      var in = ByteBuffer.wrap(bytes);
      YamuxFrame f;
      while ((f = decoder.decode(in)) != null) {
        frames.add(f);
      }
    }
    out.clear();
    return frames;
  }

  static long dataBytes(List<YamuxFrame> frames) {
    long n = 0;
    for (var f : frames) {
      if (f instanceof YamuxFrame.Data d) {
        n += d.payload().length;
      }
    }
    return n;
  }
}
