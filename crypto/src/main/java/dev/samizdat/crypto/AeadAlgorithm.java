package dev.samizdat.crypto;

/** The AEADs samizdat uses; both take a 256-bit key and a 96-bit nonce and add a 128-bit tag. */
public enum AeadAlgorithm {
  /** RFC 8439; what libp2p Noise uses. */
  CHACHA20_POLY1305,
  /** NIST SP 800-38D with a 256-bit key. */
  AES_256_GCM;

  public static final int KEY_LENGTH = 32;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
}
