package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;

/**
 * A Noise CipherState (Noise §5.1) for ChaChaPoly: a key, or none, and a 64-bit message counter. The
 * AEAD nonce is four zero bytes followed by the counter in little-endian order (Noise §12.3). Not
 * thread-safe; the nonce buffer is reused so the offset methods allocate nothing of their own.
 */
final class CipherState {
  /** Noise §5.1: 2^64−1 is reserved, so the counter must stop below it. Unsigned −1 here. */
  private static final long MAX_NONCE = -1L;

  private final AeadCipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  private CipherState(AeadCipher cipher) {
    this.cipher = cipher;
  }

  /** A state with no key: encryption and decryption pass data through unchanged. */
  static CipherState empty() {
    return new CipherState(null);
  }

  /** Noise InitializeKey: a fresh key with the counter at zero. Uses the fastest AEAD provider. */
  static CipherState withKey(byte[] key) {
    return new CipherState(Aead.chaCha20Poly1305(SymmetricKey.fromBytes(key)));
  }

  boolean hasKey() {
    return cipher != null;
  }

  /** The counter of the next message. */
  long nonce() {
    return nonce;
  }

  /** Noise SetNonce; only tests need to move the counter. */
  void setNonce(long value) {
    nonce = value;
  }

  /**
   * Noise EncryptWithAd into {@code out[outOffset..]}, which must have room for {@code length + 16}
   * bytes (or {@code length} without a key); returns the bytes written.
   */
  int encryptWithAd(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) {
    if (cipher == null) {
      System.arraycopy(in, offset, out, outOffset, length);
      return length;
    }
    int written = cipher.seal(nextNonce(), ad, in, offset, length, out, outOffset);
    nonce++;
    return written;
  }

  /**
   * Noise EncryptWithAd of {@code in}'s remaining bytes into {@code out} from its position; advances
   * both. Direct buffers are sealed in native memory without copies.
   */
  int encryptWithAd(byte[] ad, ByteBuffer in, ByteBuffer out) {
    if (cipher == null) {
      int n = in.remaining();
      out.put(in);
      return n;
    }
    int written = cipher.seal(nextNonce(), ad, in, out);
    nonce++;
    return written;
  }

  /**
   * Noise DecryptWithAd of {@code in}'s remaining bytes into {@code out} from its position; advances
   * both. On a bad tag the counter does not advance and nothing is released.
   *
   * @throws ProtocolViolationException when the message is shorter than a tag or fails authentication
   */
  int decryptWithAd(byte[] ad, ByteBuffer in, ByteBuffer out) {
    if (cipher == null) {
      int n = in.remaining();
      out.put(in);
      return n;
    }
    if (in.remaining() < Noise.TAG_LENGTH) {
      throw new ProtocolViolationException(
          "Noise message of " + in.remaining() + " bytes is shorter than its " + Noise.TAG_LENGTH + "-byte tag");
    }
    int written;
    try {
      written = cipher.open(nextNonce(), ad, in, out);
    } catch (AuthenticationException e) {
      throw new ProtocolViolationException("Noise message " + Long.toUnsignedString(nonce)
          + " failed authentication", e);
    }
    nonce++;
    return written;
  }

  byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + (cipher == null ? 0 : Noise.TAG_LENGTH)];
    encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Noise DecryptWithAd into {@code out[outOffset..]}; returns the plaintext length. On a bad tag the
   * counter does not advance and nothing is released.
   *
   * @throws ProtocolViolationException when the message is shorter than a tag or fails authentication
   */
  int decryptWithAd(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) {
    if (cipher == null) {
      System.arraycopy(in, offset, out, outOffset, length);
      return length;
    }
    if (length < Noise.TAG_LENGTH) {
      throw new ProtocolViolationException(
          "Noise message of " + length + " bytes is shorter than its " + Noise.TAG_LENGTH + "-byte tag");
    }
    int written;
    try {
      written = cipher.open(nextNonce(), ad, in, offset, length, out, outOffset);
    } catch (AuthenticationException e) {
      throw new ProtocolViolationException("Noise message " + Long.toUnsignedString(nonce)
          + " failed authentication", e);
    }
    nonce++;
    return written;
  }

  byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
    int plainLength = cipher == null ? ciphertext.length : ciphertext.length - Noise.TAG_LENGTH;
    if (plainLength < 0) {
      throw new ProtocolViolationException(
          "Noise message of " + ciphertext.length + " bytes is shorter than its " + Noise.TAG_LENGTH + "-byte tag");
    }
    byte[] out = new byte[plainLength];
    decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private byte[] nextNonce() {
    if (nonce == MAX_NONCE) {
      throw new Libp2pException("Noise nonce exhausted after 2^64-1 messages: the connection must be closed");
    }
    long n = nonce;
    for (int i = 4; i < 12; i++) {
      nonceBytes[i] = (byte) n;
      n >>>= 8;
    }
    return nonceBytes;
  }
}
