package dev.samizdat.channels.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Writes the channels module's big-endian binary formats; the counterpart of {@link WireReader}. */
public final class WireWriter {
  private final ByteArrayOutputStream out;

  public WireWriter() {
    this(64);
  }

  public WireWriter(int sizeHint) {
    out = new ByteArrayOutputStream(sizeHint);
  }

  public WireWriter u8(int value) {
    out.write(value);
    return this;
  }

  public WireWriter u16(int value) {
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public WireWriter u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  public WireWriter varint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a varint is unsigned");
    }
    while (value >= 0x80) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return this;
  }

  public WireWriter bytes(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }

  /**
   * Encodes text as UTF-8, refusing what has no exact encoding (a lone surrogate would silently turn
   * into '?' and break the round trip) and what is longer than {@code maxBytes}.
   */
  public static byte[] utf8(String text, int maxBytes, String field) {
    try {
      var buffer = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(text));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      if (bytes.length > maxBytes) {
        throw new IllegalArgumentException(field + " is at most " + maxBytes + " bytes of UTF-8, this one is " + bytes.length);
      }
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + " is not valid Unicode text");
    }
  }
}
