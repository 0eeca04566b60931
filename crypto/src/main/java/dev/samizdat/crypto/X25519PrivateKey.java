package dev.samizdat.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 private key (RFC 7748) with its public key. Immutable and thread-safe.
 *
 * <p>Agreements run on {@link X25519Provider#fastest()} (Conscrypt's native code where it loads). The
 * public key is derived on first use, with Bouncy Castle's fixed-base multiplication, which costs the
 * same here as Conscrypt's X25519(k, 9) (~37 µs); keys used only for agreement, such as the X25519 form
 * of an identity key, never pay for it.
 */
public final class X25519PrivateKey {
  public static final int LENGTH = 32;
  public static final int SHARED_SECRET_LENGTH = 32;

  private final byte[] scalar;
  private volatile X25519PublicKey publicKey;

  private X25519PrivateKey(byte[] scalar) {
    this.scalar = scalar;
  }

  public static X25519PrivateKey generate(SecureRandom random) {
    byte[] scalar = new byte[LENGTH];
    random.nextBytes(scalar);
    return new X25519PrivateKey(scalar);
  }

  public static X25519PrivateKey fromBytes(byte[] scalar) {
    return new X25519PrivateKey(Bytes.requireLength(scalar, LENGTH, "X25519 private key").clone());
  }

  /**
   * A key pair restored from the owner's own state, which kept the public key beside the private
   * one; saves a scalar multiplication. The caller vouches that they belong together.
   */
  public static X25519PrivateKey fromBytes(byte[] scalar, X25519PublicKey publicKey) {
    X25519PrivateKey key = fromBytes(scalar);
    key.publicKey = publicKey;
    return key;
  }

  public X25519PublicKey publicKey() {
    X25519PublicKey key = publicKey;
    if (key == null) { // a race computes the same value twice, harmlessly
      byte[] pub = new byte[X25519PublicKey.LENGTH];
      X25519.scalarMultBase(scalar, 0, pub, 0);
      key = X25519PublicKey.fromBytes(pub);
      publicKey = key;
    }
    return key;
  }

  /** The 32 secret bytes. */
  public byte[] toBytes() {
    return scalar.clone();
  }

  /**
   * The Diffie-Hellman shared secret, computed by the fastest provider here. A peer key of low order
   * gives the all-zero output, which is rejected (RFC 7748 §6.1) so that a malicious peer cannot force
   * a known secret.
   *
   * @throws AuthenticationException if the peer key is of low order
   */
  public byte[] agree(X25519PublicKey peer) {
    return agree(peer, X25519Provider.fastest());
  }

  /**
   * As {@link #agree(X25519PublicKey)}, on the given provider; every provider gives the same bytes.
   *
   * @throws CryptoException if the provider is not available here
   */
  public byte[] agree(X25519PublicKey peer, X25519Provider provider) {
    return provider.x25519(scalar, peer.bytes());
  }
}
