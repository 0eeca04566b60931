package dev.samizdat.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 private key, held as its 32-byte seed, with its public key. Thread-safe. */
public final class Ed25519PrivateKey {
  public static final int SEED_LENGTH = 32;

  private final Ed25519PrivateKeyParameters parameters;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(Ed25519PrivateKeyParameters parameters) {
    this.parameters = parameters;
    this.publicKey = Ed25519PublicKey.trusted(parameters.generatePublicKey().getEncoded());
  }

  public static Ed25519PrivateKey generate(SecureRandom random) {
    return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
  }

  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    Bytes.requireLength(seed, SEED_LENGTH, "Ed25519 seed");
    return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 32-byte seed: secret. */
  public byte[] seed() {
    return parameters.getEncoded();
  }

  /** A raw RFC 8032 signature over exactly {@code message}; for protocols that define their own framing. */
  public byte[] sign(byte[] message) {
    byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    parameters.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    return signature;
  }

  /** Signs {@code message} within {@code domain}: the signature verifies in no other domain. */
  public byte[] sign(SignatureDomain domain, byte[] message) {
    return sign(domain.frame(message));
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[public=" + publicKey + "]";
  }
}
