package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Double Ratchet's KDFs (Signal, "The Double Ratchet Algorithm", §5.2 recommendations):
 * <ul>
 *   <li>KDF_RK: HKDF-SHA256 with the root key as salt, the DH output as input key material and
 *       {@link #ROOT_INFO}; 64 bytes split into the new root key and a chain key.
 *   <li>KDF_CK: message key = HMAC-SHA256(ck, 0x01), next chain key = HMAC-SHA256(ck, 0x02).
 *   <li>Message key to AEAD key and nonce: HKDF-Expand(mk, {@link #MESSAGE_INFO}, 44) — the 32-byte
 *       AEAD key then the 12-byte nonce. Extract is skipped (RFC 5869 §3.3) because a message key is
 *       already a uniformly random 32-byte key; each message key encrypts exactly one message.
 * </ul>
 */
final class RatchetKdf {
  static final int KEY_LENGTH = 32;
  static final byte[] ROOT_INFO = "samizdat/ratchet/root/v1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] MESSAGE_INFO = "samizdat/ratchet/message/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = new byte[0];

  private RatchetKdf() {}

  /** Returns {@code [newRootKey, chainKey]}. */
  static byte[][] root(byte[] rootKey, byte[] dhOutput) {
    byte[] out = Hkdf.derive(dhOutput, rootKey, ROOT_INFO, 2 * KEY_LENGTH);
    byte[][] split = {Arrays.copyOf(out, KEY_LENGTH), Arrays.copyOfRange(out, KEY_LENGTH, 2 * KEY_LENGTH)};
    Arrays.fill(out, (byte) 0);
    return split;
  }

  /** Returns {@code [messageKey, nextChainKey]}. */
  static byte[][] chain(byte[] chainKey) {
    HmacSha256 mac = new HmacSha256(chainKey);
    return new byte[][] {mac.mac((byte) 0x01), mac.mac((byte) 0x02)};
  }

  /** Returns {@code [aeadKey(32), nonce(12)]} for one message key. */
  static byte[][] messageKeys(byte[] messageKey) {
    HmacSha256 mac = new HmacSha256(messageKey);
    byte[] t1 = mac.mac(EMPTY, MESSAGE_INFO, (byte) 1);
    byte[] t2 = mac.mac(t1, MESSAGE_INFO, (byte) 2);
    return new byte[][] {t1, Arrays.copyOf(t2, AeadAlgorithm.NONCE_LENGTH)};
  }
}
