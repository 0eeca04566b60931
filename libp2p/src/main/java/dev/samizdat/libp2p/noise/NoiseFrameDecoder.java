package dev.samizdat.libp2p.noise;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;

/**
 * Splits the bytes of a libp2p Noise connection into Noise messages (libp2p noise spec, "Wire
 * Format"):
 *
 * <pre>
 *   +---------------------+-----------------------------+
 *   | length (2 bytes BE) | Noise message (length bytes) |
 *   +---------------------+-----------------------------+
 * </pre>
 *
 * A pure codec: no I/O, no crypto. Bytes may arrive split at any point; {@link #decode} yields one
 * whole frame or nothing. When a whole frame already sits in a heap buffer it is returned in place,
 * without a copy; otherwise the partial frame is collected in a buffer that is reused. Not
 * thread-safe.
 */
public final class NoiseFrameDecoder {
  private final int maxFrameLength;
  private byte[] partial = new byte[0];
  private int headerBytes;
  private int pendingLength;
  private int partialFilled;

  private byte[] frameArray;
  private int frameOffset;
  private int frameLength;

  /** A decoder that accepts frames of up to {@link Noise#MAX_MESSAGE_LENGTH} bytes. */
  public NoiseFrameDecoder() {
    this(Noise.MAX_MESSAGE_LENGTH);
  }

  /** A decoder that rejects frames longer than {@code maxFrameLength} (at most 65535) before buffering them. */
  public NoiseFrameDecoder(int maxFrameLength) {
    if (maxFrameLength < 0 || maxFrameLength > Noise.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("frame limit must be 0.." + Noise.MAX_MESSAGE_LENGTH);
    }
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * Takes bytes from {@code in} up to the end of the next frame. Returns true when a whole frame is
   * available through {@link #frameArray()}, {@link #frameOffset()} and {@link #frameLength()}; those
   * stay valid until the next call, and, for a frame returned in place, while {@code in}'s content is
   * unchanged. Returns false when {@code in} is used up without completing a frame; the bytes taken
   * are kept for the next call. Bytes after the frame stay in {@code in}.
   *
   * @throws ProtocolViolationException when a length prefix exceeds the limit
   */
  public boolean decode(ByteBuffer in) {
    frameArray = null;
    if (headerBytes == 0 && in.hasArray() && in.remaining() >= Noise.LENGTH_PREFIX_LENGTH) {
      byte[] array = in.array();
      int start = in.arrayOffset() + in.position();
      int length = checkLength(((array[start] & 0xff) << 8) | (array[start + 1] & 0xff));
      if (in.remaining() >= Noise.LENGTH_PREFIX_LENGTH + length) {
        in.position(in.position() + Noise.LENGTH_PREFIX_LENGTH + length);
        return emit(array, start + Noise.LENGTH_PREFIX_LENGTH, length);
      }
    }
    if (headerBytes < Noise.LENGTH_PREFIX_LENGTH) {
      while (headerBytes < Noise.LENGTH_PREFIX_LENGTH && in.hasRemaining()) {
        pendingLength = (pendingLength << 8) | (in.get() & 0xff);
        headerBytes++;
      }
      if (headerBytes < Noise.LENGTH_PREFIX_LENGTH) {
        return false;
      }
      checkLength(pendingLength);
      if (partial.length < pendingLength) {
        partial = new byte[pendingLength];
      }
      partialFilled = 0;
    }
    int take = Math.min(in.remaining(), pendingLength - partialFilled);
    in.get(partial, partialFilled, take);
    partialFilled += take;
    if (partialFilled < pendingLength) {
      return false;
    }
    int length = pendingLength;
    headerBytes = 0;
    pendingLength = 0;
    partialFilled = 0;
    return emit(partial, 0, length);
  }

  /** True when part of a frame has been taken but not yet returned: the stream must not end here. */
  public boolean isMidFrame() {
    return headerBytes > 0;
  }

  public byte[] frameArray() {
    requireFrame();
    return frameArray;
  }

  public int frameOffset() {
    requireFrame();
    return frameOffset;
  }

  public int frameLength() {
    requireFrame();
    return frameLength;
  }

  private boolean emit(byte[] array, int offset, int length) {
    frameArray = array;
    frameOffset = offset;
    frameLength = length;
    return true;
  }

  private int checkLength(int length) {
    if (length > maxFrameLength) {
      throw new ProtocolViolationException(
          "Noise frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
    }
    return length;
  }

  private void requireFrame() {
    if (frameArray == null) {
      throw new IllegalStateException("no frame: decode() did not return true");
    }
  }
}
