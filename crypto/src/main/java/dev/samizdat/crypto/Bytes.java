package dev.samizdat.crypto;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Small byte-array helpers that the crypto code needs everywhere. */
public final class Bytes {
  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }

  /** Compares in time that depends only on the lengths, for secrets and MACs. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  public static byte[] fromHex(String hex) {
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("not a hex string: " + e.getMessage());
    }
  }

  /** Checks an exact length before anything is derived from the bytes. */
  public static byte[] requireLength(byte[] bytes, int length, String what) {
    if (bytes == null) {
      throw new MalformedInputException(what + " is missing");
    }
    if (bytes.length != length) {
      throw new MalformedInputException(
          what + " must be " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  public static void wipe(byte[] secret) {
    if (secret != null) {
      java.util.Arrays.fill(secret, (byte) 0);
    }
  }
}
