package dev.samizdat.libp2p.yamux;

import java.util.Arrays;

/**
 * One yamux frame, as defined in the yamux specification, section "Framing"
 * (github.com/hashicorp/yamux/blob/master/spec.md, mirrored in github.com/libp2p/specs yamux/README.md).
 *
 * <pre>
 *  0        1        2                 4                                   8                                  12
 * +--------+--------+-----------------+-----------------------------------+-----------------------------------+
 * | version|  type  |      flags      |             stream id             |               length              |
 * +--------+--------+-----------------+-----------------------------------+-----------------------------------+
 * </pre>
 *
 * All fields are big-endian. Version is always 0. The meaning of length depends on the type: the payload length
 * that follows the header (DATA), a window delta (WINDOW_UPDATE), an opaque value echoed back (PING) or an error code
 * (GO_AWAY). Stream ids and the length are unsigned 32-bit values; they are held here in an {@code int} (stream id)
 * or a {@code long} in 0..2^32-1 (delta, opaque, code). PING and GO_AWAY always travel on stream id 0.
 */
public sealed interface YamuxFrame {
  int HEADER_LENGTH = 12;
  int VERSION = 0;

  int TYPE_DATA = 0;
  int TYPE_WINDOW_UPDATE = 1;
  int TYPE_PING = 2;
  int TYPE_GO_AWAY = 3;

  /** Opens a stream (DATA / WINDOW_UPDATE), or marks a ping request. */
  int FLAG_SYN = 0x1;
  /** Accepts a stream (DATA / WINDOW_UPDATE), or marks a ping response. */
  int FLAG_ACK = 0x2;
  /** Half-closes the sender's direction of a stream. */
  int FLAG_FIN = 0x4;
  /** Resets a stream immediately. */
  int FLAG_RST = 0x8;

  /** GO_AWAY codes, spec section "Session termination". */
  long GO_AWAY_NORMAL = 0;
  long GO_AWAY_PROTOCOL_ERROR = 1;
  long GO_AWAY_INTERNAL_ERROR = 2;

  /** Largest value of an unsigned 32-bit field. */
  long MAX_UINT32 = 0xFFFF_FFFFL;

  int type();

  int flags();

  /** The stream id as an unsigned 32-bit value held in an int. */
  int streamId();

  default boolean hasFlag(int flag) {
    return (flags() & flag) != 0;
  }

  /** Application bytes for a stream; the payload length is the header's length field. */
  record Data(int streamId, int flags, byte[] payload) implements YamuxFrame {
    public Data {
      checkFlags(flags);
      if (payload == null) {
        throw new IllegalArgumentException("payload must not be null");
      }
    }

    @Override
    public int type() {
      return TYPE_DATA;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d
          && d.streamId == streamId
          && d.flags == flags
          && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * streamId + flags) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Data[stream=" + Integer.toUnsignedString(streamId) + ", flags=" + flags + ", length="
          + payload.length + "]";
    }
  }

  /** Grows the receiver's send window for a stream by {@code delta} bytes (0..2^32-1). */
  record WindowUpdate(int streamId, int flags, long delta) implements YamuxFrame {
    public WindowUpdate {
      checkFlags(flags);
      checkUint32(delta, "window delta");
    }

    @Override
    public int type() {
      return TYPE_WINDOW_UPDATE;
    }
  }

  /** A ping request (SYN) or response (ACK) carrying an opaque value (0..2^32-1). */
  record Ping(int flags, long opaque) implements YamuxFrame {
    public Ping {
      checkFlags(flags);
      checkUint32(opaque, "ping opaque value");
    }

    @Override
    public int type() {
      return TYPE_PING;
    }

    @Override
    public int streamId() {
      return 0;
    }
  }

  /** Ends the session; {@code code} is one of the GO_AWAY_* codes, or another value a peer chose. */
  record GoAway(long code) implements YamuxFrame {
    public GoAway {
      checkUint32(code, "go-away code");
    }

    @Override
    public int type() {
      return TYPE_GO_AWAY;
    }

    @Override
    public int flags() {
      return 0;
    }

    @Override
    public int streamId() {
      return 0;
    }
  }

  private static void checkFlags(int flags) {
    if ((flags & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("flags do not fit 16 bits: " + flags);
    }
  }

  private static void checkUint32(long value, String what) {
    if (value < 0 || value > MAX_UINT32) {
      throw new IllegalArgumentException(what + " out of unsigned 32-bit range: " + value);
    }
  }
}
