package dev.samizdat.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** An X25519 private key (RFC 7748) with its public key. Immutable and thread-safe. */
public final class X25519PrivateKey {
  public static final int LENGTH = 32;
  public static final int SHARED_SECRET_LENGTH = 32;

  private final byte[] scalar;
  private final X25519PublicKey publicKey;

  private X25519PrivateKey(byte[] scalar) {
    this.scalar = scalar;
    byte[] pub = new byte[X25519PublicKey.LENGTH];
    X25519.scalarMultBase(scalar, 0, pub, 0);
    this.publicKey = X25519PublicKey.fromBytes(pub);
  }

  public static X25519PrivateKey generate(SecureRandom random) {
    byte[] scalar = new byte[LENGTH];
    random.nextBytes(scalar);
    return new X25519PrivateKey(scalar);
  }

  public static X25519PrivateKey fromBytes(byte[] scalar) {
    return new X25519PrivateKey(Bytes.requireLength(scalar, LENGTH, "X25519 private key").clone());
  }

  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 32 secret bytes. */
  public byte[] toBytes() {
    return scalar.clone();
  }

  /**
   * The Diffie-Hellman shared secret. A peer key of low order gives the all-zero output, which is
   * rejected (RFC 7748 §6.1) so that a malicious peer cannot force a known secret.
   */
  public byte[] agree(X25519PublicKey peer) {
    byte[] shared = new byte[SHARED_SECRET_LENGTH];
    if (!X25519.calculateAgreement(scalar, 0, peer.bytes(), 0, shared, 0)) {
      throw new AuthenticationException("X25519 with a low-order public key gives no shared secret");
    }
    return shared;
  }
}
