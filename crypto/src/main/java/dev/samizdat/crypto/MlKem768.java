package dev.samizdat.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/** ML-KEM-768 (FIPS 203) through Bouncy Castle. */
public final class MlKem768 {
  public static final int PUBLIC_KEY_LENGTH = 1184;
  public static final int CIPHERTEXT_LENGTH = 1088;
  public static final int SHARED_SECRET_LENGTH = 32;
  /** Private keys are stored as the 64-byte seed (d ‖ z) of FIPS 203 §7.1. */
  public static final int SEED_LENGTH = 64;

  private MlKem768() {}

  /** A public key, validated on decoding (FIPS 203 §7.2 modulus check). */
  public record PublicKey(byte[] encoded) {
    public PublicKey {
      Bytes.requireLength(encoded, PUBLIC_KEY_LENGTH, "ML-KEM-768 public key");
      encoded = encoded.clone();
      try {
        new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, encoded);
      } catch (IllegalArgumentException e) {
        throw new MalformedInputException("not a valid ML-KEM-768 public key", e);
      }
    }

    @Override
    public byte[] encoded() {
      return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PublicKey other && java.util.Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return "MlKem768.PublicKey[" + Bytes.hex(Hashes.sha256(encoded)).substring(0, 16) + "…]";
    }
  }

  /** A private key with its public key. */
  public static final class PrivateKey {
    private final byte[] seed;
    private final MLKEMPrivateKeyParameters parameters;
    private final PublicKey publicKey;

    private PrivateKey(byte[] seed) {
      this.seed = seed;
      this.parameters = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
      this.publicKey = new PublicKey(parameters.getPublicKey());
    }

    public static PrivateKey generate(SecureRandom random) {
      byte[] seed = new byte[SEED_LENGTH];
      random.nextBytes(seed);
      return new PrivateKey(seed);
    }

    public static PrivateKey fromSeed(byte[] seed) {
      return new PrivateKey(Bytes.requireLength(seed, SEED_LENGTH, "ML-KEM-768 seed").clone());
    }

    public byte[] seed() {
      return seed.clone();
    }

    public PublicKey publicKey() {
      return publicKey;
    }

    /** Implicit rejection (FIPS 203): a tampered ciphertext yields an unrelated secret, not an error. */
    public byte[] decapsulate(byte[] ciphertext) {
      Bytes.requireLength(ciphertext, CIPHERTEXT_LENGTH, "ML-KEM-768 ciphertext");
      return new MLKEMExtractor(parameters).extractSecret(ciphertext);
    }
  }

  public record Encapsulation(byte[] ciphertext, byte[] sharedSecret) {}

  public static Encapsulation encapsulate(PublicKey recipient, SecureRandom random) {
    SecretWithEncapsulation result = new MLKEMGenerator(random).generateEncapsulated(
        new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, recipient.encoded));
    return new Encapsulation(result.getEncapsulation(), result.getSecret());
  }

  /** For the benchmarks: Bouncy Castle's own key generation path. */
  static AsymmetricCipherKeyPair generateWithBouncyCastle(SecureRandom random) {
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    return generator.generateKeyPair();
  }
}
