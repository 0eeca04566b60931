package dev.samizdat.libp2p.yamux;

import java.util.Objects;

/**
 * Turns yamux frames into bytes (layout in {@link YamuxFrame}). Pure and stateless; every call returns a fresh array
 * that the caller owns.
 */
public final class YamuxFrameEncoder {
  private YamuxFrameEncoder() {}

  public static byte[] encode(YamuxFrame frame) {
    if (frame instanceof YamuxFrame.Data d) {
      return encodeData(d.streamId(), d.flags(), d.payload(), 0, d.payload().length);
    }
    long length;
    if (frame instanceof YamuxFrame.WindowUpdate w) {
      length = w.delta();
    } else if (frame instanceof YamuxFrame.Ping p) {
      length = p.opaque();
    } else if (frame instanceof YamuxFrame.GoAway g) {
      length = g.code();
    } else {
      throw new IllegalArgumentException("unknown frame " + frame);
    }
    var out = new byte[YamuxFrame.HEADER_LENGTH];
    writeHeader(out, frame.type(), frame.flags(), frame.streamId(), (int) length);
    return out;
  }

  /** A DATA frame carrying {@code src[off, off+len)}, without building an intermediate {@link YamuxFrame}. */
  public static byte[] encodeData(int streamId, int flags, byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    var out = new byte[YamuxFrame.HEADER_LENGTH + len];
    writeHeader(out, YamuxFrame.TYPE_DATA, flags, streamId, len);
    System.arraycopy(src, off, out, YamuxFrame.HEADER_LENGTH, len);
    return out;
  }

  /** Puts the 12-byte header of a DATA frame of {@code length} payload bytes into {@code out}. */
  public static void putDataHeader(java.nio.ByteBuffer out, int streamId, int flags, int length) {
    out.put((byte) YamuxFrame.VERSION).put((byte) YamuxFrame.TYPE_DATA).putShort((short) flags)
        .putInt(streamId).putInt(length);
  }

  /** A WINDOW_UPDATE frame; the session's most frequent control frame. */
  public static byte[] encodeWindowUpdate(int streamId, int flags, long delta) {
    return encode(new YamuxFrame.WindowUpdate(streamId, flags, delta));
  }

  private static void writeHeader(byte[] out, int type, int flags, int streamId, int length) {
    out[0] = YamuxFrame.VERSION;
    out[1] = (byte) type;
    out[2] = (byte) (flags >>> 8);
    out[3] = (byte) flags;
    putInt(out, 4, streamId);
    putInt(out, 8, length);
  }

  private static void putInt(byte[] out, int at, int v) {
    out[at] = (byte) (v >>> 24);
    out[at + 1] = (byte) (v >>> 16);
    out[at + 2] = (byte) (v >>> 8);
    out[at + 3] = (byte) v;
  }
}
