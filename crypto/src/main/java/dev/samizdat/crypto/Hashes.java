package dev.samizdat.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA-512 from the JDK, whose intrinsics are the fastest on this platform. */
public final class Hashes {
  public static final int SHA256_LENGTH = 32;
  public static final int SHA512_LENGTH = 64;

  /**
   * One digest per thread: {@code MessageDigest.getInstance} costs more than hashing a short input,
   * and hashes of identifiers sit on hot paths (policy decisions, DHT keys).
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> newDigest("SHA-256"));
  private static final ThreadLocal<MessageDigest> SHA512 = ThreadLocal.withInitial(() -> newDigest("SHA-512"));

  private Hashes() {}

  public static byte[] sha256(byte[]... parts) {
    return digest(SHA256.get(), parts);
  }

  public static byte[] sha512(byte[]... parts) {
    return digest(SHA512.get(), parts);
  }

  /** A fresh digest that the caller owns. */
  public static MessageDigest newSha256() {
    return newDigest("SHA-256");
  }

  private static byte[] digest(MessageDigest digest, byte[]... parts) {
    digest.reset();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide " + algorithm, e);
    }
  }
}
