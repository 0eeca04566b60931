package dev.samizdat.node.messaging;

import dev.samizdat.crypto.Bytes;
import java.security.SecureRandom;
import java.util.Arrays;

/** A message's identity: 16 random bytes chosen by its sender and carried inside the encryption. */
public final class MessageId {
  public static final int LENGTH = 16;
  private final byte[] bytes;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
  }

  public static MessageId random(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new MessageId(bytes);
  }

  /** @throws ProtocolViolationException when not exactly {@link #LENGTH} bytes */
  public static MessageId fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new ProtocolViolationException("a message id is " + LENGTH + " bytes, got "
          + (bytes == null ? "none" : bytes.length));
    }
    return new MessageId(bytes.clone());
  }

  public static MessageId parse(String hex) {
    try {
      return fromBytes(Bytes.fromHex(hex));
    } catch (RuntimeException e) {
      throw new MessagingException("not a message id: '" + hex + "'");
    }
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Bytes.hex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
