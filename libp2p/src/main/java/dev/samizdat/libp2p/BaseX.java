package dev.samizdat.libp2p;

import java.util.Arrays;

/**
 * Big-number base conversion with leading zero bytes written as the alphabet's first character:
 * the scheme of base58btc and of multibase's base36. Conversion is quadratic in the text length,
 * so callers bound their input (identifiers are short).
 */
final class BaseX {
  private final char[] alphabet;
  private final int[] indexes = new int[128];
  private final String name;

  BaseX(String name, String alphabet) {
    this.name = name;
    this.alphabet = alphabet.toCharArray();
    Arrays.fill(indexes, -1);
    for (int i = 0; i < this.alphabet.length; i++) {
      indexes[this.alphabet[i]] = i;
    }
  }

  String encode(byte[] input) {
    int base = alphabet.length;
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    byte[] number = input.clone();
    // log(256)/log(base) <= 8/log2(36) < 1.6 digits per byte for the bases we use (36 and 58).
    char[] out = new char[input.length * 2];
    int outStart = out.length;
    for (int start = zeros; start < number.length; ) {
      out[--outStart] = alphabet[divmod(number, start, 256, base)];
      if (number[start] == 0) {
        start++;
      }
    }
    while (outStart < out.length && out[outStart] == alphabet[0]) {
      outStart++;
    }
    while (--zeros >= 0) {
      out[--outStart] = alphabet[0];
    }
    return new String(out, outStart, out.length - outStart);
  }

  /** @throws IllegalArgumentException for a character outside the alphabet */
  byte[] decode(String input) {
    if (input.isEmpty()) {
      return new byte[0];
    }
    byte[] digits = new byte[input.length()];
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? indexes[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("'" + c + "' is not a " + name + " character");
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
      out[--outStart] = (byte) divmod(digits, start, alphabet.length, 256);
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
