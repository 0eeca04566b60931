package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.Varint;
import dev.samizdat.node.messaging.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Length-prefixed frames on the messaging streams: an unsigned varint (multiformats, minimally encoded)
 * followed by that many bytes of protobuf, as libp2p's delimited messages are; on a stream they are read
 * with {@code StreamReader.readDelimited}, which checks the same limit before buffering. Pure, no I/O.
 */
public final class FrameCodec {
  private FrameCodec() {}

  public static byte[] encode(byte[] payload, int maxLength) {
    if (payload.length > maxLength) {
      throw new IllegalArgumentException("frame of " + payload.length + " bytes exceeds " + maxLength);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Varint.encodedLength(payload.length) + payload.length);
    Varint.write(payload.length, out);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * Decodes exactly one frame that makes up all of {@code framed}.
   *
   * @throws ProtocolViolationException when the input is not exactly one frame within the limit
   */
  public static byte[] decodeSingle(byte[] framed, int maxLength) {
    ByteBuffer in = ByteBuffer.wrap(framed);
    long length;
    try {
      length = Varint.read(in);
    } catch (dev.samizdat.libp2p.ProtocolViolationException e) {
      throw new ProtocolViolationException("frame length prefix: " + e.getMessage());
    }
    if (length > maxLength) {
      throw new ProtocolViolationException("frame of " + length + " bytes exceeds the limit of " + maxLength);
    }
    if (length < 0 || in.remaining() < length) {
      throw new ProtocolViolationException("truncated frame: " + framed.length + " bytes");
    }
    if (in.remaining() > length) {
      throw new ProtocolViolationException((in.remaining() - length) + " bytes after the frame");
    }
    return Arrays.copyOfRange(framed, in.position(), framed.length);
  }
}
