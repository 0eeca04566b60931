package dev.samizdat.channels.wire;

import dev.samizdat.crypto.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the channels module's big-endian binary formats from a byte array. Every length is checked
 * against what remains and against the caller's limit before anything is allocated; any failure is a
 * {@link MalformedInputException} naming {@code what} is being decoded.
 */
public final class WireReader {
  private final byte[] bytes;
  private final String what;
  private int position;

  public WireReader(byte[] bytes, String what) {
    this(bytes, 0, what);
  }

  public WireReader(byte[] bytes, int offset, String what) {
    this.bytes = bytes;
    this.position = offset;
    this.what = what;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return bytes.length - position;
  }

  private void need(int count) {
    if (count < 0 || count > remaining()) {
      throw new MalformedInputException(what + " is truncated");
    }
  }

  public int u8() {
    need(1);
    return bytes[position++] & 0xFF;
  }

  public int u16() {
    return (u8() << 8) | u8();
  }

  public long u64() {
    need(8);
    long value = ByteBuffer.wrap(bytes, position, 8).getLong();
    position += 8;
    return value;
  }

  /** A u64 that must not have its top bit set (sequence numbers, sizes, timestamps). */
  public long nonNegativeU64(String field) {
    long value = u64();
    if (value < 0) {
      throw new MalformedInputException(what + ": " + field + " is out of range");
    }
    return value;
  }

  /**
   * An unsigned LEB128 varint as in multiformats unsigned-varint: at most 9 bytes, minimally encoded
   * (a trailing zero byte is refused), so that each value has exactly one encoding.
   */
  public long varint(long max, String field) {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      int b = u8();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException(what + ": " + field + " varint is not minimally encoded");
        }
        if (value > max) {
          throw new MalformedInputException(what + ": " + field + " of " + value + " exceeds " + max);
        }
        return value;
      }
    }
    throw new MalformedInputException(what + ": " + field + " varint is too long");
  }

  public byte[] bytes(int length) {
    need(length);
    byte[] out = new byte[length];
    System.arraycopy(bytes, position, out, 0, length);
    position += length;
    return out;
  }

  /** A UTF-8 string of {@code length} bytes, refused unless it is well-formed (no overlongs, no surrogates). */
  public String utf8(int length, int maxBytes, String field) {
    if (length > maxBytes) {
      throw new MalformedInputException(what + ": " + field + " of " + length + " bytes exceeds " + maxBytes);
    }
    need(length);
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, position, length)).toString();
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw new MalformedInputException(what + ": " + field + " is not valid UTF-8");
    }
  }

  public void requireEnd() {
    if (remaining() != 0) {
      throw new MalformedInputException(what + " has " + remaining() + " trailing bytes");
    }
  }
}
