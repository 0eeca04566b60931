package dev.samizdat.crypto;

import java.security.SecureRandom;

/** A 256-bit secret key for an AEAD. The bytes are copied in and out; never logged. */
public final class SymmetricKey {
  public static final int LENGTH = 32;

  private final byte[] key;

  private SymmetricKey(byte[] key) {
    this.key = key;
  }

  public static SymmetricKey fromBytes(byte[] key) {
    return new SymmetricKey(Bytes.requireLength(key, LENGTH, "symmetric key").clone());
  }

  public static SymmetricKey generate(SecureRandom random) {
    byte[] key = new byte[LENGTH];
    random.nextBytes(key);
    return new SymmetricKey(key);
  }

  public byte[] toBytes() {
    return key.clone();
  }

  byte[] bytes() {
    return key;
  }

  @Override
  public String toString() {
    return "SymmetricKey[redacted]";
  }
}
