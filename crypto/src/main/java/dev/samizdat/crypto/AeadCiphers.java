package dev.samizdat.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Argument checks and failure clean-up shared by the {@link AeadCipher} implementations. */
final class AeadCiphers {
  private AeadCiphers() {}

  static void checkSealArguments(byte[] nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    Bytes.requireLength(nonce, AeadAlgorithm.NONCE_LENGTH, "AEAD nonce");
    checkRange(in, inOffset, length, "input");
    checkRange(out, outOffset, length + AeadAlgorithm.TAG_LENGTH, "output");
  }

  static void checkOpenArguments(byte[] nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    Bytes.requireLength(nonce, AeadAlgorithm.NONCE_LENGTH, "AEAD nonce");
    checkRange(in, inOffset, length, "input");
    if (length < AeadAlgorithm.TAG_LENGTH) {
      throw new AuthenticationException("ciphertext shorter than its authentication tag");
    }
    checkRange(out, outOffset, length - AeadAlgorithm.TAG_LENGTH, "output");
  }

  private static void checkRange(byte[] buffer, int offset, int length, String what) {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException(
          "AEAD " + what + " range [" + offset + ", +" + length + ") outside a buffer of " + buffer.length);
    }
  }

  /** Zeroes where the plaintext of a {@code length}-byte ciphertext would have gone. */
  static void wipeOutput(byte[] out, int outOffset, int length) {
    Arrays.fill(out, outOffset, outOffset + length - AeadAlgorithm.TAG_LENGTH, (byte) 0);
  }

  /** Zeroes {@code out}'s bytes from {@code from} to {@code to}, absolute indexes; positions stay. */
  static void wipe(ByteBuffer out, int from, int to) {
    for (int i = from; i < to; i++) {
      out.put(i, (byte) 0);
    }
  }
}
