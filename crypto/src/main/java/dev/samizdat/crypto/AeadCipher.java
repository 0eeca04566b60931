package dev.samizdat.crypto;

import java.nio.ByteBuffer;

/**
 * An AEAD bound to one key. Not thread-safe: a connection or session owns its own instance. Every
 * implementation produces the same bytes for the same key, nonce, associated data and plaintext, and
 * behaves the same on every input. A nonce must never seal two different plaintexts under one key: that
 * is the caller's duty (a counter, or random nonces for few messages); the cipher does not track nonces.
 * Input and output may be the same array at the same offset (in place) or not overlap at all.
 */
public interface AeadCipher {

  AeadAlgorithm algorithm();

  /** Which provider does the work, for logs and benchmarks. */
  AeadProvider provider();

  /**
   * Encrypts {@code in[inOffset, inOffset+length)} into {@code out} at {@code outOffset}, which must
   * have room for {@code length + TAG_LENGTH} bytes; returns the number of bytes written.
   */
  int seal(byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int length, byte[] out, int outOffset);

  /**
   * Decrypts and authenticates {@code in[inOffset, inOffset+length)} (ciphertext ‖ tag) into {@code out}
   * at {@code outOffset}, which must have room for {@code length - TAG_LENGTH} bytes; returns the
   * plaintext length written.
   *
   * @throws AuthenticationException when the tag does not match or the input is shorter than a tag:
   *     nothing is released, and {@code out[outOffset, outOffset + length - TAG_LENGTH)} is left zeroed
   *     (when decrypting in place, that destroys the ciphertext)
   */
  int open(byte[] nonce, byte[] associatedData, byte[] in, int inOffset, int length, byte[] out, int outOffset);

  /**
   * Encrypts the remaining bytes of {@code in} into {@code out} from its position, which must have
   * room for {@code in.remaining() + TAG_LENGTH} bytes; advances both positions and returns the bytes
   * written. With two direct buffers a native provider works on them in place, with no copy; any other
   * combination goes through arrays. The buffers must not overlap.
   */
  default int seal(byte[] nonce, byte[] associatedData, ByteBuffer in, ByteBuffer out) {
    byte[] plaintext = new byte[in.remaining()];
    in.get(plaintext);
    byte[] sealed = seal(nonce, associatedData, plaintext);
    out.put(sealed);
    return sealed.length;
  }

  /**
   * Decrypts and authenticates the remaining bytes of {@code in} (ciphertext ‖ tag) into {@code out}
   * from its position, which must have room for {@code in.remaining() - TAG_LENGTH} bytes; advances
   * both positions and returns the plaintext length. Direct buffers avoid copies, as for
   * {@link #seal(byte[], byte[], ByteBuffer, ByteBuffer)}. The buffers must not overlap.
   *
   * @throws AuthenticationException when the tag does not match or the input is shorter than a tag:
   *     nothing is released, neither position moves, and the plaintext range of {@code out} is left
   *     zeroed
   */
  default int open(byte[] nonce, byte[] associatedData, ByteBuffer in, ByteBuffer out) {
    byte[] ciphertext = new byte[in.remaining()];
    in.duplicate().get(ciphertext);
    byte[] plaintext;
    try {
      plaintext = open(nonce, associatedData, ciphertext);
    } catch (AuthenticationException e) {
      AeadCiphers.wipe(out, out.position(),
          Math.min(out.limit(), out.position() + ciphertext.length - AeadAlgorithm.TAG_LENGTH));
      throw e;
    }
    in.position(in.limit());
    out.put(plaintext);
    return plaintext.length;
  }

  default byte[] seal(byte[] nonce, byte[] associatedData, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + AeadAlgorithm.TAG_LENGTH];
    seal(nonce, associatedData, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  default byte[] open(byte[] nonce, byte[] associatedData, byte[] ciphertext) {
    if (ciphertext.length < AeadAlgorithm.TAG_LENGTH) {
      throw new AuthenticationException("ciphertext shorter than its authentication tag");
    }
    byte[] out = new byte[ciphertext.length - AeadAlgorithm.TAG_LENGTH];
    open(nonce, associatedData, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }
}
