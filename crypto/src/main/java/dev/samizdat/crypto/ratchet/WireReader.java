package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.MalformedInputException;
import java.util.Arrays;

/**
 * Reads the big-endian, length-checked binary layouts of the crypto codecs (ratchet messages, session
 * state, PQXDH bundles and initial messages, sealed envelopes). Every read checks the remaining length
 * first, so a truncated or lying input fails with {@link MalformedInputException} and never makes the
 * caller allocate more than the input holds. Not thread-safe; one reader per decode.
 */
public final class WireReader {
  private final byte[] in;
  private final int end;
  private final String what;
  private int position;

  public WireReader(byte[] in, String what) {
    if (in == null) {
      throw new MalformedInputException(what + " is missing");
    }
    this.in = in;
    this.end = in.length;
    this.what = what;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return end - position;
  }

  private void need(int count, String field) {
    if (count < 0 || count > end - position) {
      throw new MalformedInputException(what + " is truncated in " + field + ": needs " + count
          + " bytes, " + (end - position) + " left");
    }
  }

  public int u8(String field) {
    need(1, field);
    return in[position++] & 0xFF;
  }

  public int u16(String field) {
    need(2, field);
    int v = ((in[position] & 0xFF) << 8) | (in[position + 1] & 0xFF);
    position += 2;
    return v;
  }

  /** An unsigned 32-bit value that must fit in a non-negative int. */
  public int u31(String field) {
    need(4, field);
    int v = ((in[position] & 0xFF) << 24) | ((in[position + 1] & 0xFF) << 16)
        | ((in[position + 2] & 0xFF) << 8) | (in[position + 3] & 0xFF);
    position += 4;
    if (v < 0) {
      throw new MalformedInputException(what + " has " + field + " out of range");
    }
    return v;
  }

  public long u64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[position + i] & 0xFF);
    }
    position += 8;
    return v;
  }

  /** Exactly {@code count} bytes, checked against what is left before anything is allocated. */
  public byte[] bytes(int count, String field) {
    need(count, field);
    byte[] out = Arrays.copyOfRange(in, position, position + count);
    position += count;
    return out;
  }

  /** A u16 length prefix, checked against {@code max} and then against what is left. */
  public byte[] bytes16(int max, String field) {
    int length = u16(field + " length");
    if (length > max) {
      throw new MalformedInputException(what + " has " + field + " of " + length + " bytes, more than "
          + max);
    }
    return bytes(length, field);
  }

  /** Everything that is left. */
  public byte[] rest() {
    return bytes(end - position, "rest");
  }

  public void requireVersion(int expected) {
    int version = u8("version");
    if (version != expected) {
      throw new MalformedInputException(what + " has version " + version + ", expected " + expected);
    }
  }

  public void requireEnd() {
    if (position != end) {
      throw new MalformedInputException(what + " has " + (end - position) + " trailing bytes");
    }
  }
}
