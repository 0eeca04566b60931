package dev.samizdat.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import javax.crypto.KeyAgreement;
import javax.security.auth.DestroyFailedException;
import org.conscrypt.XdhKeySpec;

/**
 * X25519 through Conscrypt's JCA {@code XDH} services, which call BoringSSL's {@code X25519()}: that
 * clamps the scalar and ignores u's top bit as RFC 7748 §5 says, and fails only when the output is
 * all zero (a low-order u), which Conscrypt reports as an {@link InvalidKeyException}.
 *
 * <p>Costs measured here (thread CPU time, warm): the agreement itself ~37 µs; importing a private key
 * from PKCS#8 ~16 µs, because Conscrypt parses it natively and derives the public key, against ~0.1 µs
 * from the raw bytes of an {@link XdhKeySpec} (which BoringSSL treats identically); a new KeyAgreement
 * or KeyFactory ~0.1–0.7 µs. So keys are imported raw on each call, which costs less than keeping a
 * Conscrypt key object per key would save, and the JCA engines are kept per thread because they are
 * not thread-safe.
 */
final class ConscryptX25519 {
  private record Engines(KeyFactory keys, KeyAgreement agreement) {}

  private static final ThreadLocal<Engines> ENGINES = new ThreadLocal<>();

  private ConscryptX25519() {}

  static byte[] x25519(Provider conscrypt, byte[] scalar, byte[] u) {
    Engines engines = engines(conscrypt);
    PrivateKey privateKey = null;
    try {
      privateKey = engines.keys().generatePrivate(new XdhKeySpec(scalar));
      PublicKey publicKey = engines.keys().generatePublic(new XdhKeySpec(u));
      engines.agreement().init(privateKey);
      try {
        engines.agreement().doPhase(publicKey, true);
      } catch (InvalidKeyException e) { // BoringSSL's X25519() returned 0: the output was all zero.
        throw new AuthenticationException(X25519Provider.LOW_ORDER);
      }
      return engines.agreement().generateSecret();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("Conscrypt's X25519 failed", e);
    } finally {
      destroy(privateKey);
    }
  }

  private static Engines engines(Provider conscrypt) {
    Engines engines = ENGINES.get();
    if (engines == null) {
      try {
        engines = new Engines(KeyFactory.getInstance("XDH", conscrypt), KeyAgreement.getInstance("XDH", conscrypt));
      } catch (GeneralSecurityException e) {
        throw new CryptoException("Conscrypt offers no XDH", e);
      }
      ENGINES.set(engines);
    }
    return engines;
  }

  /**
   * Zeroes the key object's copy of the scalar. The KeyAgreement keeps a copy of its own until the
   * thread's next agreement replaces it; Conscrypt offers no way to clear that one.
   */
  private static void destroy(PrivateKey key) {
    if (key != null) {
      try {
        key.destroy();
      } catch (DestroyFailedException e) {
        // Only a copy of the scalar stays on the heap until collected; the agreement itself succeeded.
      }
    }
  }
}
