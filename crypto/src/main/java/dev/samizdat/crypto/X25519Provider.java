package dev.samizdat.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Where X25519 agreements are computed. Both providers compute exactly RFC 7748 §5's function: the
 * scalar is clamped (decodeScalar25519), the top bit of u is ignored and non-canonical u is reduced
 * mod p; and both refuse a peer key of low order, whose all-zero output is a secret anyone knows
 * (§6.1), with the same {@link AuthenticationException}. X25519VectorsTest and X25519CrossCheckTest
 * hold both to this.
 */
public enum X25519Provider {
  /** BoringSSL through Conscrypt's {@code KeyAgreement "XDH"}: about 2.5× Bouncy Castle's speed here. */
  CONSCRYPT,
  /** Bouncy Castle's pure-Java {@code rfc7748.X25519}: always available. */
  BOUNCY_CASTLE;

  static final String LOW_ORDER = "X25519 with a low-order public key gives no shared secret";

  public boolean isAvailable() {
    return switch (this) {
      case CONSCRYPT -> ConscryptLoader.provider().isPresent();
      case BOUNCY_CASTLE -> true;
    };
  }

  /** Conscrypt where its native library loads, Bouncy Castle otherwise; decided once. */
  public static X25519Provider fastest() {
    return Fastest.PROVIDER;
  }

  /**
   * X25519(scalar, u) as a new 32-byte array.
   *
   * @throws AuthenticationException if u is of low order (the output would be all zero)
   * @throws CryptoException if this provider is not available here
   */
  byte[] x25519(byte[] scalar, byte[] u) {
    return switch (this) {
      case CONSCRYPT -> ConscryptX25519.x25519(ConscryptLoader.provider()
          .orElseThrow(() -> new CryptoException("Conscrypt's native library is not available here")), scalar, u);
      case BOUNCY_CASTLE -> bouncyCastle(scalar, u);
    };
  }

  private static byte[] bouncyCastle(byte[] scalar, byte[] u) {
    byte[] shared = new byte[X25519PrivateKey.SHARED_SECRET_LENGTH];
    if (!X25519.calculateAgreement(scalar, 0, u, 0, shared, 0)) { // constant-time all-zero check inside
      throw new AuthenticationException(LOW_ORDER);
    }
    return shared;
  }

  private static final class Fastest {
    static final X25519Provider PROVIDER = CONSCRYPT.isAvailable() ? CONSCRYPT : BOUNCY_CASTLE;
  }
}
