package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.Varint;
import java.io.ByteArrayOutputStream;

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
}
