package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The X25519 key that goes with an Ed25519 identity, for the identity DH of PQXDH and for sealed
 * envelopes. Our identity is one Ed25519 key (it is also the libp2p identity), so instead of XEdDSA
 * with a separate curve key we use the standard conversion, the same as libsodium's
 * {@code crypto_sign_ed25519_sk_to_curve25519} / {@code crypto_sign_ed25519_pk_to_curve25519}:
 * <ul>
 *   <li>private: the first half of SHA-512(seed), clamped (RFC 8032 §5.1.5 — the Ed25519 secret
 *       scalar itself, so both keys share one secret);
 *   <li>public: the birational map from the Edwards y-coordinate to the Montgomery u-coordinate,
 *       u = (1 + y) / (1 − y) mod p (RFC 7748 §4.1).
 * </ul>
 * Using one key for signing and DH is what Signal avoids with XEdDSA; with these two well-studied
 * maps it is the common practice of libsodium-based protocols, and no message is ever both signed and
 * DH-agreed under the same domain.
 */
public final class IdentityDh {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private IdentityDh() {}

  public static X25519PrivateKey privateKey(Ed25519PrivateKey identity) {
    byte[] seed = identity.seed();
    byte[] h = Hashes.sha512(seed);
    byte[] scalar = Arrays.copyOf(h, 32);
    Arrays.fill(h, (byte) 0);
    Arrays.fill(seed, (byte) 0);
    scalar[0] &= (byte) 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    try {
      return X25519PrivateKey.fromBytes(scalar);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  public static X25519PublicKey publicKey(Ed25519PublicKey identity) {
    byte[] le = identity.toBytes();
    le[31] &= 0x7F; // the sign of x plays no part in u
    BigInteger y = new BigInteger(1, reverse(le));
    BigInteger oneMinusY = BigInteger.ONE.subtract(y).mod(P);
    if (y.compareTo(P) >= 0 || oneMinusY.signum() == 0) {
      throw new MalformedInputException("Ed25519 key has no X25519 counterpart");
    }
    BigInteger u = BigInteger.ONE.add(y).multiply(oneMinusY.modInverse(P)).mod(P);
    byte[] be = u.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return X25519PublicKey.fromBytes(out);
  }

  private static byte[] reverse(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }
}
