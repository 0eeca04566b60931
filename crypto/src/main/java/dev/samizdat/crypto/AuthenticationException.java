package dev.samizdat.crypto;

/** A signature that does not verify, or an AEAD tag that does not match: the data is not authentic. */
public class AuthenticationException extends CryptoException {
  public AuthenticationException(String message) {
    super(message);
  }
}
