package dev.samizdat.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA-512 from the JDK, whose intrinsics are the fastest on this platform. */
public final class Hashes {
  public static final int SHA256_LENGTH = 32;
  public static final int SHA512_LENGTH = 64;

  private Hashes() {}

  public static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  public static byte[] sha512(byte[]... parts) {
    return digest("SHA-512", parts);
  }

  public static MessageDigest newSha256() {
    return newDigest("SHA-256");
  }

  private static byte[] digest(String algorithm, byte[]... parts) {
    MessageDigest digest = newDigest(algorithm);
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
