package dev.samizdat.libp2p.yamux;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;

/**
 * Turns a byte stream, split anywhere, into whole yamux frames (layout in {@link YamuxFrame}).
 *
 * <p>No I/O: the caller hands in whatever bytes arrived and calls {@link #decode} until it returns null. The decoder
 * keeps at most one partial frame: up to 12 header bytes, then the DATA payload, whose length is checked against
 * {@code maxDataLength} before anything is allocated. Not thread-safe. After it has thrown, the decoder is broken and
 * must be discarded with its connection.
 */
public final class YamuxFrameDecoder {
  private final int maxDataLength;
  private final byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
  private int headerFilled;
  /** Non-null while the payload of a DATA frame is being filled. */
  private byte[] payload;
  private int payloadFilled;

  /**
   * @param maxDataLength largest DATA payload accepted; a longer one is a protocol violation. The session passes its
   *     receive window: a frame longer than the whole window could only overrun it.
   */
  public YamuxFrameDecoder(int maxDataLength) {
    if (maxDataLength < 0) {
      throw new IllegalArgumentException("maxDataLength must not be negative: " + maxDataLength);
    }
    this.maxDataLength = maxDataLength;
  }

  /**
   * Consumes bytes from {@code in} up to the end of the next frame.
   *
   * @return the frame, or null if {@code in} ran out first (the bytes read so far are kept)
   * @throws ProtocolViolationException on an unknown version or type, or a DATA length above the limit
   */
  public YamuxFrame decode(ByteBuffer in) {
    if (payload == null) {
      int n = Math.min(YamuxFrame.HEADER_LENGTH - headerFilled, in.remaining());
      in.get(header, headerFilled, n);
      headerFilled += n;
      if (headerFilled < YamuxFrame.HEADER_LENGTH) {
        return null;
      }
      headerFilled = 0;
      YamuxFrame control = parseHeader();
      if (control != null) {
        return control;
      }
    }
    int n = Math.min(payload.length - payloadFilled, in.remaining());
    in.get(payload, payloadFilled, n);
    payloadFilled += n;
    if (payloadFilled < payload.length) {
      return null;
    }
    var frame = new YamuxFrame.Data(streamId(), flags(), payload);
    payload = null;
    return frame;
  }

  /** True when no partial frame is held, i.e. the stream so far ended on a frame boundary. */
  public boolean isAtFrameBoundary() {
    return headerFilled == 0 && payload == null;
  }

  /** Returns the frame for control types, or prepares {@link #payload} for DATA and returns null. */
  private YamuxFrame parseHeader() {
    int version = header[0] & 0xFF;
    if (version != YamuxFrame.VERSION) {
      throw new ProtocolViolationException("yamux: unsupported frame version " + version);
    }
    int type = header[1] & 0xFF;
    long length = getInt(8) & YamuxFrame.MAX_UINT32;
    switch (type) {
      case YamuxFrame.TYPE_DATA -> {
        if (length > maxDataLength) {
          throw new ProtocolViolationException("yamux: DATA frame of " + length + " bytes on stream "
              + Integer.toUnsignedString(streamId()) + " exceeds the limit of " + maxDataLength);
        }
        payload = new byte[(int) length];
        payloadFilled = 0;
        return null;
      }
      case YamuxFrame.TYPE_WINDOW_UPDATE -> {
        return new YamuxFrame.WindowUpdate(streamId(), flags(), length);
      }
      case YamuxFrame.TYPE_PING -> {
        return new YamuxFrame.Ping(flags(), length);
      }
      case YamuxFrame.TYPE_GO_AWAY -> {
        return new YamuxFrame.GoAway(length);
      }
      default -> throw new ProtocolViolationException("yamux: unknown frame type " + type);
    }
  }

  private int flags() {
    return ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
  }

  private int streamId() {
    return getInt(4);
  }

  private int getInt(int at) {
    return ((header[at] & 0xFF) << 24) | ((header[at + 1] & 0xFF) << 16) | ((header[at + 2] & 0xFF) << 8)
        | (header[at + 3] & 0xFF);
  }
}
