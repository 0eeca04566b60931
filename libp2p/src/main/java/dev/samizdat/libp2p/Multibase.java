package dev.samizdat.libp2p;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * The few multibase encodings libp2p identifiers use (github.com/multiformats/multibase):
 * {@code b}/{@code B} RFC 4648 base32 without padding, {@code k}/{@code K} base36, {@code z}
 * base58btc and {@code u} RFC 4648 base64url without padding.
 */
public final class Multibase {
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final BaseX BASE36 = new BaseX("base36", "0123456789abcdefghijklmnopqrstuvwxyz");
  /** No identifier we parse is longer. */
  public static final int MAX_TEXT_LENGTH = 1024;

  private Multibase() {}

  /**
   * Decodes a multibase text (prefix character included).
   *
   * @throws IllegalArgumentException for an unsupported prefix, a bad character or an over-long text
   */
  public static byte[] decode(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty multibase text");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("multibase text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    String body = text.substring(1);
    return switch (text.charAt(0)) {
      case 'b', 'B' -> decodeBase32(body);
      case 'k', 'K' -> BASE36.decode(body.toLowerCase(Locale.ROOT));
      case 'z' -> Base58.decode(body);
      case 'u' -> decodeBase64Url(body);
      default -> throw new IllegalArgumentException(
          "unsupported multibase prefix '" + text.charAt(0) + "' (supported: b, B, k, K, z, u)");
    };
  }

  /** Multibase {@code u}: base64url without padding, prefix included. */
  public static String encodeBase64Url(byte[] data) {
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
  }

  /** Multibase {@code k}: base36, prefix included. */
  public static String encodeBase36(byte[] data) {
    return "k" + BASE36.encode(data);
  }

  /** RFC 4648 base32, lower case, without padding and without the multibase prefix. */
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
      char c = text.charAt(i);
      int value = c < 128 ? BASE32.indexOf(Character.toLowerCase(c)) : -1;
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

  private static byte[] decodeBase64Url(String body) {
    if (body.indexOf('=') >= 0) {
      throw new IllegalArgumentException("multibase base64url must not be padded");
    }
    try {
      return Base64.getUrlDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed base64url: " + e.getMessage());
    }
  }
}
