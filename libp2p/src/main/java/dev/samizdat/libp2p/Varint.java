package dev.samizdat.libp2p;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as multiformats define them (github.com/multiformats/unsigned-varint):
 * at most 9 bytes (63 bits), minimal encoding required.
 */
public final class Varint {
  /** The multiformats spec caps varints at 9 bytes so that they fit in 63 bits. */
  public static final int MAX_LENGTH = 9;

  private Varint() {}

  public static int encodedLength(long value) {
    requireNonNegative(value);
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
  public static int write(long value, byte[] out, int offset) {
    requireNonNegative(value);
    int i = offset;
    while ((value & ~0x7FL) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i++] = (byte) value;
    return i - offset;
  }

  public static void write(long value, ByteArrayOutputStream out) {
    byte[] buffer = new byte[MAX_LENGTH];
    out.write(buffer, 0, write(value, buffer, 0));
  }

  /**
   * Reads one varint from {@code buffer}'s position. Returns -1 and leaves the position unchanged
   * when the buffer ends before the varint does.
   *
   * @throws ProtocolViolationException when the varint is longer than 9 bytes or not minimal
   */
  public static long read(ByteBuffer buffer) {
    long value = 0;
    int start = buffer.position();
    for (int i = 0; i < MAX_LENGTH; i++) {
      if (!buffer.hasRemaining()) {
        buffer.position(start);
        return -1;
      }
      int b = buffer.get() & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new ProtocolViolationException("varint is not minimally encoded");
        }
        return value;
      }
    }
    throw new ProtocolViolationException("varint longer than " + MAX_LENGTH + " bytes");
  }

  /** Reads a whole varint that must be present; truncation is a protocol violation too. */
  public static long readComplete(ByteBuffer buffer) {
    long value = read(buffer);
    if (value < 0) {
      throw new ProtocolViolationException("truncated varint");
    }
    return value;
  }

  private static void requireNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varints are unsigned 63-bit values, got " + value);
    }
  }
}
