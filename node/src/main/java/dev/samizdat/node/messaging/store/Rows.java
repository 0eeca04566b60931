package dev.samizdat.node.messaging.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.samizdat.node.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Row-key building and row decoding shared by the messaging stores. */
final class Rows {
  private Rows() {}

  /** A group: an ASCII tag (keeping kinds of rows apart within a table) followed by identifiers. */
  static byte[] group(String tag, byte[]... parts) {
    byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
    int length = t.length;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length).put(t);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  static byte[] concat(byte[]... parts) {
    return group("", parts);
  }

  static byte[] u64(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static byte[] u32(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }

  static long readU64(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, Long.BYTES).getLong();
  }

  static <T extends MessageLite> T parse(Parser<T> parser, byte[] value, String what) {
    try {
      return parser.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a stored " + what + " is corrupt: " + e.getMessage(), e);
    }
  }
}
