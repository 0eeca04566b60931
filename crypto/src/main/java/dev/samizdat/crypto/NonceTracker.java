package dev.samizdat.crypto;

import java.util.Arrays;

/**
 * Per-cipher nonce bookkeeping that makes every provider behave alike.
 *
 * <p>Sealing twice in a row with one nonce is refused: that is the commonest nonce-reuse bug (a counter
 * that did not advance), and Bouncy Castle, SunJCE and Conscrypt each catch some form of it, differently.
 * Opening with a repeated nonce is fine, but SunJCE's ChaCha20-Poly1305 and Bouncy Castle refuse to
 * re-initialise with the nonce of the previous initialisation; {@link #needsDecoy} tells the cipher to
 * initialise once with another nonce first. This is not a replacement for nonces unique per key, which
 * remain the protocol's duty.
 */
final class NonceTracker {
  private final byte[] lastInit = new byte[AeadAlgorithm.NONCE_LENGTH];
  private final byte[] lastSeal = new byte[AeadAlgorithm.NONCE_LENGTH];
  private boolean initialised;
  private boolean sealed;

  void checkSeal(AeadAlgorithm algorithm, byte[] nonce) {
    if (sealed && Arrays.equals(nonce, lastSeal)) {
      throw new CryptoException(algorithm + " seal with the same nonce as the previous seal: nonce reuse");
    }
  }

  boolean sealedLast(byte[] nonce) {
    return sealed && Arrays.equals(nonce, lastSeal);
  }

  void recordSeal(byte[] nonce) {
    System.arraycopy(nonce, 0, lastSeal, 0, lastSeal.length);
    sealed = true;
  }

  boolean needsDecoy(byte[] nonce) {
    return initialised && Arrays.equals(nonce, lastInit);
  }

  void recordInit(byte[] nonce) {
    System.arraycopy(nonce, 0, lastInit, 0, lastInit.length);
    initialised = true;
  }

  static byte[] decoy(byte[] nonce) {
    byte[] decoy = nonce.clone();
    decoy[0] ^= 1;
    return decoy;
  }
}
