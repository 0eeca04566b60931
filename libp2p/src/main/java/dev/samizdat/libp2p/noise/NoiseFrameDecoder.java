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
 * whole frame or nothing. A frame that lies whole in the input is returned in place, as a view of it
 * (a direct buffer stays direct, so a cipher can read it in native memory); a frame split across
 * inputs is collected in a buffer of the input's kind that is reused. Not thread-safe.
 */
public final class NoiseFrameDecoder {
  private final int maxFrameLength;
  private ByteBuffer partial;
  private int headerBytes;
  private int pendingLength;

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
   * Takes bytes from {@code in} up to the end of the next frame and returns the frame's body, from
   * position to limit: a view of {@code in} (valid while its content is unchanged) or of the
   * decoder's own buffer (valid until the next call). Returns null when {@code in} is used up without
   * completing a frame; the bytes taken are kept for the next call. Bytes after the frame stay in
   * {@code in}.
   *
   * @throws ProtocolViolationException when a length prefix exceeds the limit
   */
  public ByteBuffer decode(ByteBuffer in) {
    if (headerBytes < Noise.LENGTH_PREFIX_LENGTH) {
      while (headerBytes < Noise.LENGTH_PREFIX_LENGTH && in.hasRemaining()) {
        pendingLength = (pendingLength << 8) | (in.get() & 0xff);
        headerBytes++;
      }
      if (headerBytes < Noise.LENGTH_PREFIX_LENGTH) {
        return null;
      }
      checkLength(pendingLength);
      if (in.remaining() >= pendingLength) {
        ByteBuffer frame = in.slice(in.position(), pendingLength);
        in.position(in.position() + pendingLength);
        frameDone();
        return frame;
      }
      if (partial == null || partial.isDirect() != in.isDirect()) {
        partial = in.isDirect() ? ByteBuffer.allocateDirect(maxFrameLength) : ByteBuffer.allocate(maxFrameLength);
      }
      partial.clear().limit(pendingLength);
    }
    int take = Math.min(in.remaining(), partial.remaining());
    partial.put(in.slice(in.position(), take));
    in.position(in.position() + take);
    if (partial.hasRemaining()) {
      return null;
    }
    frameDone();
    return partial.flip();
  }

  /** True when part of a frame has been taken but not yet returned: the stream must not end here. */
  public boolean isMidFrame() {
    return headerBytes > 0;
  }

  private void frameDone() {
    headerBytes = 0;
    pendingLength = 0;
  }

  private void checkLength(int length) {
    if (length > maxFrameLength) {
      throw new ProtocolViolationException(
          "Noise frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
    }
  }
}
