package dev.samizdat.crypto;

import java.security.Provider;
import java.util.List;
import java.util.Optional;

/**
 * Where AEAD work is done. Conscrypt (BoringSSL, native) is the fastest here for both ciphers; the
 * JDK's SunJCE has AES-NI intrinsics for GCM; Bouncy Castle is pure Java and always available.
 */
public enum AeadProvider {
  CONSCRYPT,
  JDK,
  BOUNCY_CASTLE;

  /** Fastest first, as measured by the AEAD benchmark (docs/PERFORMANCE.md). */
  private static final List<AeadProvider> PREFERENCE = List.of(CONSCRYPT, JDK, BOUNCY_CASTLE);

  public boolean isAvailable() {
    return switch (this) {
      case CONSCRYPT -> ConscryptLoader.provider().isPresent();
      case JDK, BOUNCY_CASTLE -> true;
    };
  }

  /** The fastest provider that loads on this machine. */
  public static AeadProvider fastest() {
    return PREFERENCE.stream().filter(AeadProvider::isAvailable).findFirst().orElseThrow();
  }

  static Optional<Provider> conscrypt() {
    return ConscryptLoader.provider();
  }
}
