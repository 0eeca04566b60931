package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * A Noise SymmetricState (Noise §5.2) with SHA-256: the chaining key {@code ck}, the handshake hash
 * {@code h} and the CipherState keyed by MixKey. Used only while a handshake runs. Not thread-safe.
 */
final class SymmetricState {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE = {1};
  private static final byte[] TWO = {2};

  private final MessageDigest sha256 = Hashes.newSha256();
  private byte[] ck;
  private final byte[] h = new byte[Noise.HASH_LENGTH];
  private CipherState cipher = CipherState.empty();

  /** Noise InitializeSymmetric: a name of at most HASHLEN bytes is zero-padded, a longer one hashed. */
  SymmetricState(String protocolName) {
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    if (name.length <= Noise.HASH_LENGTH) {
      System.arraycopy(name, 0, h, 0, name.length);
    } else {
      System.arraycopy(Hashes.sha256(name), 0, h, 0, Noise.HASH_LENGTH);
    }
    ck = h.clone();
  }

  /** Noise MixKey: ck, k = HKDF(ck, ikm); the new key starts at nonce zero. */
  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(ck, inputKeyMaterial);
    Bytes.wipe(ck);
    ck = out[0];
    cipher = CipherState.withKey(out[1]);
    Bytes.wipe(out[1]);
  }

  /** Noise MixHash: h = SHA-256(h ‖ data). */
  void mixHash(byte[] data, int offset, int length) {
    sha256.update(h);
    sha256.update(data, offset, length);
    try {
      sha256.digest(h, 0, Noise.HASH_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output does not fit its 32 bytes", e);
    }
  }

  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  /** Noise EncryptAndHash: encrypts with h as associated data, then mixes the ciphertext into h. */
  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = cipher.encryptWithAd(h.clone(), plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  /** Noise DecryptAndHash over {@code in[offset, offset+length)}. */
  byte[] decryptAndHash(byte[] in, int offset, int length) {
    byte[] ciphertext = java.util.Arrays.copyOfRange(in, offset, offset + length);
    byte[] plaintext = cipher.decryptWithAd(h.clone(), ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  /** The handshake hash, for channel binding and the test vectors. */
  byte[] handshakeHash() {
    return h.clone();
  }

  /** Noise Split: two CipherStates, the first for initiator → responder, the second the other way. */
  CipherState[] split() {
    byte[][] out = hkdf(ck, EMPTY);
    CipherState[] pair = {CipherState.withKey(out[0]), CipherState.withKey(out[1])};
    Bytes.wipe(out[0]);
    Bytes.wipe(out[1]);
    Bytes.wipe(ck);
    return pair;
  }

  /**
   * Noise §4.3 HKDF with two outputs: temp = HMAC(ck, ikm), out1 = HMAC(temp, 0x01),
   * out2 = HMAC(temp, out1 ‖ 0x02). HASHLEN equals the key length, so no output is truncated.
   */
  private static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
    byte[] temp = Hkdf.hmacSha256(chainingKey, inputKeyMaterial);
    byte[] out1 = Hkdf.hmacSha256(temp, ONE);
    byte[] out2 = Hkdf.hmacSha256(temp, out1, TWO);
    Bytes.wipe(temp);
    return new byte[][] {out1, out2};
  }
}
