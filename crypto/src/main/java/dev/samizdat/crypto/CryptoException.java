package dev.samizdat.crypto;

/**
 * The crypto module's error family. Subclasses say whether the input was malformed, failed
 * authentication, or a local precondition did not hold; all are unchecked so that pure functions stay
 * composable, and every one carries a message that says what was wrong with what.
 */
public class CryptoException extends RuntimeException {
  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
