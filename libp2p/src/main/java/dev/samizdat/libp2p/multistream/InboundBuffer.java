package dev.samizdat.libp2p.multistream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Joins an incomplete message left from earlier input with new input. What is kept is bounded by
 * one message ({@link MultistreamCodec#MAX_MESSAGE_LENGTH} plus its length varint), because the
 * codec rejects a longer length before its body arrives.
 */
final class InboundBuffer {
  private byte[] pending = new byte[0];

  /** Pending bytes followed by {@code in[offset, offset+length)}. */
  ByteBuffer append(byte[] in, int offset, int length) {
    if (pending.length == 0) {
      return ByteBuffer.wrap(in, offset, length).slice();
    }
    byte[] joined = Arrays.copyOf(pending, pending.length + length);
    System.arraycopy(in, offset, joined, pending.length, length);
    pending = new byte[0];
    return ByteBuffer.wrap(joined);
  }

  /** Keeps what is left in {@code buffer} for the next call. */
  void keep(ByteBuffer buffer) {
    pending = new byte[buffer.remaining()];
    buffer.get(pending);
  }

  static byte[] rest(ByteBuffer buffer) {
    byte[] rest = new byte[buffer.remaining()];
    buffer.get(rest);
    return rest;
  }
}
