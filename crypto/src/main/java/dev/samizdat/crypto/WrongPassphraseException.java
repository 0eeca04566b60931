package dev.samizdat.crypto;

/** An encrypted key file did not open with the passphrase given: most likely a typo, or a tampered file. */
public class WrongPassphraseException extends AuthenticationException {
  public WrongPassphraseException(String message) {
    super(message);
  }
}
