package dev.samizdat.crypto;

import java.security.Provider;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;

/** Creates {@link AeadCipher}s: by default with the fastest provider that loads here. */
public final class Aead {
  /** A cipher object and the tracker of its initialisations, shared by the one-message ciphers of a thread. */
  private record ThreadCipher(Cipher cipher, NonceTracker nonces) {}

  /** Kept per thread for {@link #createForOneMessage}, by algorithm and provider. */
  private static final ThreadLocal<Map<String, ThreadCipher>> THREAD_CIPHERS = ThreadLocal.withInitial(HashMap::new);

  private Aead() {}

  /**
   * For a key that protects one message (a Double Ratchet message key): the returned cipher borrows
   * a cipher object kept for this thread, because creating one costs more than sealing a short
   * message. Use it on this thread, for this message, and drop it.
   */
  public static AeadCipher createForOneMessage(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider) {
    if (provider == AeadProvider.BOUNCY_CASTLE) {
      return create(algorithm, key, provider);
    }
    ThreadCipher shared = THREAD_CIPHERS.get().computeIfAbsent(algorithm + "/" + provider, ignored ->
        new ThreadCipher(JceAeadCipher.newCipher(algorithm, provider, jceProvider(provider)), new NonceTracker()));
    return new JceAeadCipher(algorithm, key, provider, shared.cipher(), shared.nonces());
  }

  private static Provider jceProvider(AeadProvider provider) {
    return provider == AeadProvider.CONSCRYPT ? AeadProvider.conscrypt()
        .orElseThrow(() -> new CryptoException("Conscrypt's native library is not available here")) : null;
  }

  public static AeadCipher chaCha20Poly1305(SymmetricKey key) {
    return create(AeadAlgorithm.CHACHA20_POLY1305, key, AeadProvider.fastest());
  }

  public static AeadCipher aes256Gcm(SymmetricKey key) {
    return create(AeadAlgorithm.AES_256_GCM, key, AeadProvider.fastest());
  }

  public static AeadCipher create(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider) {
    return switch (provider) {
      case CONSCRYPT, JDK -> new JceAeadCipher(algorithm, key, provider, jceProvider(provider));
      case BOUNCY_CASTLE -> new BouncyCastleAeadCipher(algorithm, key);
    };
  }
}
