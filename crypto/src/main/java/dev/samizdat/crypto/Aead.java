package dev.samizdat.crypto;

/** Creates {@link AeadCipher}s: by default with the fastest provider that loads here. */
public final class Aead {
  private Aead() {}

  public static AeadCipher chaCha20Poly1305(SymmetricKey key) {
    return create(AeadAlgorithm.CHACHA20_POLY1305, key, AeadProvider.fastest());
  }

  public static AeadCipher aes256Gcm(SymmetricKey key) {
    return create(AeadAlgorithm.AES_256_GCM, key, AeadProvider.fastest());
  }

  public static AeadCipher create(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider) {
    return switch (provider) {
      case CONSCRYPT -> new JceAeadCipher(algorithm, key, provider, AeadProvider.conscrypt()
          .orElseThrow(() -> new CryptoException("Conscrypt's native library is not available here")));
      case JDK -> new JceAeadCipher(algorithm, key, provider, null);
      case BOUNCY_CASTLE -> new BouncyCastleAeadCipher(algorithm, key);
    };
  }
}
