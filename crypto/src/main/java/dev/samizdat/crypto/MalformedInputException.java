package dev.samizdat.crypto;

/** Input bytes that are truncated, oversized, of a wrong version or otherwise not well-formed. */
public class MalformedInputException extends CryptoException {
  public MalformedInputException(String message) {
    super(message);
  }

  public MalformedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
