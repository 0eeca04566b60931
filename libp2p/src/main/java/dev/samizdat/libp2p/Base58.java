package dev.samizdat.libp2p;

import java.util.Arrays;

/** Bitcoin-alphabet base58 (base58btc), as PeerIds are printed. */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];
  /** Longer texts are not identifiers; the quadratic conversion below must stay cheap. */
  public static final int MAX_TEXT_LENGTH = 512;

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    if (input.length == 0) {
      return "";
    }
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    byte[] number = input.clone();
    char[] out = new char[input.length * 2];
    int outStart = out.length;
    for (int start = zeros; start < number.length; ) {
      out[--outStart] = ALPHABET[divmod(number, start, 256, 58)];
      if (number[start] == 0) {
        start++;
      }
    }
    while (outStart < out.length && out[outStart] == ALPHABET[0]) {
      outStart++;
    }
    while (--zeros >= 0) {
      out[--outStart] = ALPHABET[0];
    }
    return new String(out, outStart, out.length - outStart);
  }

  /** @throws IllegalArgumentException for characters outside the alphabet or an over-long text */
  public static byte[] decode(String input) {
    if (input.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("base58 text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    if (input.isEmpty()) {
      return new byte[0];
    }
    byte[] digits = new byte[input.length()];
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("'" + c + "' is not a base58btc character");
      }
      digits[i] = (byte) digit;
    }
    int zeros = 0;
    while (zeros < digits.length && digits[zeros] == 0) {
      zeros++;
    }
    byte[] out = new byte[input.length()];
    int outStart = out.length;
    for (int start = zeros; start < digits.length; ) {
      out[--outStart] = (byte) divmod(digits, start, 58, 256);
      if (digits[start] == 0) {
        start++;
      }
    }
    while (outStart < out.length && out[outStart] == 0) {
      outStart++;
    }
    return Arrays.copyOfRange(out, outStart - zeros, out.length);
  }

  /** Divides the big-endian number in {@code number[start..]} (digits in {@code base}) in place. */
  private static int divmod(byte[] number, int start, int base, int divisor) {
    int remainder = 0;
    for (int i = start; i < number.length; i++) {
      int digit = number[i] & 0xFF;
      int temp = remainder * base + digit;
      number[i] = (byte) (temp / divisor);
      remainder = temp % divisor;
    }
    return remainder;
  }
}
