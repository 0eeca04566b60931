package dev.samizdat.crypto;

/**
 * A key file was decoded with a passphrase it does not take: none was given for an encrypted file, or
 * one was given for a clear file. A local mistake, not a problem with the file.
 */
public class KeyFilePassphraseException extends CryptoException {
  private final boolean passphraseRequired;

  KeyFilePassphraseException(boolean passphraseRequired) {
    super(passphraseRequired
        ? "the key file is encrypted: a passphrase is required"
        : "the key file is not encrypted: no passphrase was expected");
    this.passphraseRequired = passphraseRequired;
  }

  /** True when the file is encrypted and no passphrase was given. */
  public boolean passphraseRequired() {
    return passphraseRequired;
  }
}
