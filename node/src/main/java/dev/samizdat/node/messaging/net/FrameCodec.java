package dev.samizdat.node.messaging.net;

import dev.samizdat.node.messaging.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Length-prefixed frames on the messaging streams: an unsigned LEB128 varint (the multiformats
 * unsigned-varint, minimal encoding, at most 5 bytes here) followed by that many bytes of protobuf.
 * The length is checked against the caller's limit before anything is allocated. Pure, no I/O.
 */
public final class FrameCodec {
  /** Lengths are below 2^31, which takes at most 5 varint bytes. */
  static final int MAX_PREFIX_BYTES = 5;

  private FrameCodec() {}

  public static byte[] encode(byte[] payload, int maxLength) {
    if (payload.length > maxLength) {
      throw new IllegalArgumentException("frame of " + payload.length + " bytes exceeds " + maxLength);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + MAX_PREFIX_BYTES);
    long value = payload.length;
    while (value >= 0x80) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * Decodes exactly one frame that makes up all of {@code framed}.
   *
   * @throws ProtocolViolationException when the input is not exactly one frame within the limit
   */
  public static byte[] decodeSingle(byte[] framed, int maxLength) {
    Decoder decoder = new Decoder(maxLength);
    decoder.feed(framed, 0, framed.length);
    Optional<byte[]> frame = decoder.next();
    if (frame.isEmpty()) {
      throw new ProtocolViolationException("truncated frame: " + framed.length + " bytes");
    }
    if (decoder.buffered() != 0) {
      throw new ProtocolViolationException(decoder.buffered() + " bytes after the frame");
    }
    return frame.get();
  }

  /** Accumulates bytes from a stream and yields whole frames, one at a time. Not thread-safe. */
  public static final class Decoder {
    private final int maxLength;
    private byte[] buffer = new byte[64];
    private int size;

    public Decoder(int maxLength) {
      this.maxLength = maxLength;
    }

    public void feed(byte[] bytes, int offset, int length) {
      if (size + length > buffer.length) {
        // Never more than one frame and its prefix plus the new chunk: next() fails before that.
        buffer = Arrays.copyOf(buffer, Math.max(size + length, buffer.length * 2));
      }
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
    }

    public int buffered() {
      return size;
    }

    /**
     * The next whole frame, or empty if more bytes are needed.
     *
     * @throws ProtocolViolationException the prefix is malformed or announces more than the limit
     */
    public Optional<byte[]> next() {
      long length = 0;
      int i = 0;
      while (true) {
        if (i == size) {
          return Optional.empty();
        }
        if (i == MAX_PREFIX_BYTES) {
          throw new ProtocolViolationException("frame length prefix longer than " + MAX_PREFIX_BYTES + " bytes");
        }
        int b = buffer[i] & 0xFF;
        length |= (long) (b & 0x7F) << (7 * i);
        i++;
        if ((b & 0x80) == 0) {
          if (b == 0 && i > 1) {
            throw new ProtocolViolationException("frame length prefix is not minimally encoded");
          }
          break;
        }
      }
      if (length > maxLength) {
        throw new ProtocolViolationException("frame of " + length + " bytes exceeds the limit of " + maxLength);
      }
      if (size - i < length) {
        return Optional.empty();
      }
      byte[] frame = Arrays.copyOfRange(buffer, i, i + (int) length);
      int consumed = i + (int) length;
      System.arraycopy(buffer, consumed, buffer, 0, size - consumed);
      size -= consumed;
      return Optional.of(frame);
    }
  }
}
