package dev.samizdat.node.store;

/**
 * A row's key: a group (a contact, a conversation, a message id…) and an optional ordering suffix
 * (a big-endian counter). Rows of one group are scanned in suffix order.
 */
public record RowKey(byte[] group, byte[] suffix) {
  /** Groups are identifiers, never content; the length is stored in one byte in public tables. */
  public static final int MAX_GROUP_LENGTH = 255;

  public RowKey {
    if (group.length == 0 || group.length > MAX_GROUP_LENGTH) {
      throw new IllegalArgumentException("a row group is 1.." + MAX_GROUP_LENGTH + " bytes, got " + group.length);
    }
  }

  public static RowKey of(byte[] group) {
    return new RowKey(group, new byte[0]);
  }

  public static RowKey of(byte[] group, long counter) {
    return new RowKey(group, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
  }

  public static RowKey of(String group) {
    return of(group.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
