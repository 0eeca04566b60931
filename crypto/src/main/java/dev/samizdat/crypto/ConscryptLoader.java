package dev.samizdat.crypto;

import java.security.Provider;
import java.util.Optional;

/**
 * Conscrypt's JCA provider (BoringSSL, native), shared by the AEAD and X25519 facades. The native
 * library is loaded once, on first use; if it does not load, callers fall back to pure Java.
 */
final class ConscryptLoader {
  private ConscryptLoader() {}

  /** The provider, or empty where the native part does not load on this platform. */
  static Optional<Provider> provider() {
    return Holder.PROVIDER;
  }

  private static final class Holder {
    static final Optional<Provider> PROVIDER = load();

    private static Optional<Provider> load() {
      try {
        if (!org.conscrypt.Conscrypt.isAvailable()) {
          return Optional.empty();
        }
        return Optional.of(org.conscrypt.Conscrypt.newProvider());
      } catch (Throwable e) { // UnsatisfiedLinkError and friends: the native part did not load.
        return Optional.empty();
      }
    }
  }
}
