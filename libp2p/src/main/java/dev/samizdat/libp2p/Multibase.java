package dev.samizdat.libp2p;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32, lower case without padding: multibase's {@code b} encoding. */
public final class Multibase {
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  /** No identifier we parse is longer. */
  public static final int MAX_TEXT_LENGTH = 1024;

  private Multibase() {}

  public static String encodeBase32(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** @throws IllegalArgumentException for characters outside the alphabet or an over-long text */
  public static byte[] decodeBase32(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("base32 text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int value = BASE32.indexOf(Character.toLowerCase(text.charAt(i)));
      if (value < 0) {
        throw new IllegalArgumentException("'" + text.charAt(i) + "' is not a base32 character");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xFF);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
