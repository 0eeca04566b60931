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
 * thread-safe; the nonce buffer is reused so the buffer methods allocate nothing of their own.
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
   * Noise EncryptWithAd of {@code in}'s remaining bytes into {@code out} from its position, which
   * needs room for 16 bytes more (none more without a key); advances both and returns the bytes
   * written. Direct buffers are sealed in native memory without copies.
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
    ByteBuffer out = ByteBuffer.allocate(plaintext.length + (cipher == null ? 0 : Noise.TAG_LENGTH));
    encryptWithAd(ad, ByteBuffer.wrap(plaintext), out);
    return out.array();
  }

  byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
    ByteBuffer out = ByteBuffer.allocate(Math.max(0, ciphertext.length - (cipher == null ? 0 : Noise.TAG_LENGTH)));
    decryptWithAd(ad, ByteBuffer.wrap(ciphertext), out);
    return out.array();
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
