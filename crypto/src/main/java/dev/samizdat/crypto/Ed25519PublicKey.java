package dev.samizdat.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (RFC 8032): the identity of a user, a channel or a node. Immutable. */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  /**
   * Keys validated lately. A node meets the same few identities over and over, and validating one
   * (a point decompression) costs as much as a ratchet message; cleared whole when full.
   */
  private static final Map<ByteBuffer, Ed25519PublicKey> VALIDATED = new ConcurrentHashMap<>();
  static final int MAX_VALIDATED = 4096;

  private final byte[] encoded;
  /** Decoded on first verification: most keys are only compared, hashed and encoded. */
  private volatile Ed25519PublicKeyParameters parameters;

  private Ed25519PublicKey(byte[] encoded) {
    this.encoded = encoded;
  }

  /** Decodes 32 bytes; a point that is not on the curve is rejected. */
  public static Ed25519PublicKey fromBytes(byte[] encoded) {
    Bytes.requireLength(encoded, LENGTH, "Ed25519 public key");
    Ed25519PublicKey known = VALIDATED.get(ByteBuffer.wrap(encoded));
    if (known != null) {
      return known;
    }
    if (!Ed25519.validatePublicKeyPartial(encoded, 0)) {
      throw new MalformedInputException("not a valid Ed25519 public key");
    }
    Ed25519PublicKey key = new Ed25519PublicKey(encoded.clone());
    if (VALIDATED.size() >= MAX_VALIDATED) {
      VALIDATED.clear();
    }
    VALIDATED.put(ByteBuffer.wrap(key.encoded), key);
    return key;
  }

  static int validatedCount() {
    return VALIDATED.size();
  }

  static Ed25519PublicKey trusted(byte[] encoded) {
    return new Ed25519PublicKey(encoded);
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  /** Verifies a raw RFC 8032 signature over exactly {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, 0, message.length, signature);
  }

  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return parameters().verify(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, 0);
  }

  private Ed25519PublicKeyParameters parameters() {
    Ed25519PublicKeyParameters p = parameters;
    if (p == null) { // a race decodes twice, harmlessly
      try {
        p = new Ed25519PublicKeyParameters(encoded, 0);
      } catch (IllegalArgumentException e) {
        throw new MalformedInputException("not a valid Ed25519 public key", e);
      }
      parameters = p;
    }
    return p;
  }

  /** Verifies a signature made with {@link Ed25519PrivateKey#sign(SignatureDomain, byte[])}. */
  public boolean verify(SignatureDomain domain, byte[] message, byte[] signature) {
    return verify(domain.frame(message), signature);
  }

  /** Like {@link #verify(SignatureDomain, byte[], byte[])} but throws when the signature is bad. */
  public void requireValid(SignatureDomain domain, byte[] message, byte[] signature, String what) {
    if (!verify(domain, message, signature)) {
      throw new AuthenticationException("bad signature on " + what);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + Bytes.hex(encoded) + "]";
  }
}
