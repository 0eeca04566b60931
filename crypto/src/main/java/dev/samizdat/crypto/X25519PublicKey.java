package dev.samizdat.crypto;

import java.util.Arrays;

/** An X25519 public key (RFC 7748), 32 bytes. Immutable. */
public final class X25519PublicKey {
  public static final int LENGTH = 32;

  private final byte[] encoded;

  private X25519PublicKey(byte[] encoded) {
    this.encoded = encoded;
  }

  public static X25519PublicKey fromBytes(byte[] encoded) {
    return new X25519PublicKey(Bytes.requireLength(encoded, LENGTH, "X25519 public key").clone());
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  byte[] bytes() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PublicKey other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + Bytes.hex(encoded) + "]";
  }
}
