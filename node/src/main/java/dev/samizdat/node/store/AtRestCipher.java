package dev.samizdat.node.store;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.SymmetricKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for confidential tables: every value is sealed with AES-256-GCM under a key
 * derived from the node's identity key (itself encrypted under the user's passphrase, when one is
 * set), with the table and the stored key as associated data so a value cannot be moved to another
 * row. Keys that would reveal a peer or a conversation are replaced by keyed hashes (HMAC-SHA256).
 *
 * <p>Thread-safe: each thread seals, opens and hashes with its own cipher and MAC instances, so that
 * the node's threads do not queue for one.
 */
final class AtRestCipher {
  private static final byte FORMAT_VERSION = 1;
  private static final int HEADER_LENGTH = 1 + AeadAlgorithm.NONCE_LENGTH;
  private static final String KEY_HASH_ALGORITHM = "HmacSHA256";

  /** Hashed groups kept: a node touches the same few conversations' rows over and over. */
  static final int MAX_HASHED_GROUPS = 4096;

  private final ThreadLocal<AeadCipher> aead;
  private final ThreadLocal<Mac> keyHash;
  /** (table, group) → the group's keyed hash; cleared whole when full. */
  private final Map<HashedGroupKey, byte[]> hashedGroups = new ConcurrentHashMap<>();
  private final SecureRandom random;

  private record HashedGroupKey(Table table, ByteBuffer group) {}

  AtRestCipher(byte[] rootSecret, SecureRandom random) {
    SymmetricKey valueKey = SymmetricKey.fromBytes(
        Hkdf.derive(rootSecret, null, label("samizdat/at-rest/values/v1"), SymmetricKey.LENGTH));
    SecretKeySpec keyHashKey = new SecretKeySpec(
        Hkdf.derive(rootSecret, null, label("samizdat/at-rest/keys/v1"), 32), KEY_HASH_ALGORITHM);
    this.aead = ThreadLocal.withInitial(() -> Aead.aes256Gcm(valueKey));
    this.keyHash = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(KEY_HASH_ALGORITHM);
        mac.init(keyHashKey);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK lacks " + KEY_HASH_ALGORITHM, e);
      }
    });
    this.random = random;
  }

  /**
   * The key under which a row is stored. In confidential tables the group is replaced by its keyed
   * hash (so a contact's or conversation's id never reaches the disk) and the suffix, an ordering
   * counter, stays in clear so that a group can be scanned in order.
   */
  byte[] storedKey(Table table, RowKey key) {
    byte[] group = table.confidential()
        ? hashedGroup(table, key.group())
        : Bytes.concat(new byte[] {(byte) key.group().length}, key.group());
    return Bytes.concat(group, key.suffix());
  }

  private byte[] hashedGroup(Table table, byte[] group) {
    HashedGroupKey cacheKey = new HashedGroupKey(table, ByteBuffer.wrap(group));
    byte[] hashed = hashedGroups.get(cacheKey);
    if (hashed == null) {
      Mac mac = keyHash.get();
      mac.update(table.columnFamilyName());
      mac.update((byte) 0);
      hashed = mac.doFinal(group);
      if (hashedGroups.size() >= MAX_HASHED_GROUPS) {
        hashedGroups.clear();
      }
      // A copy: the caller's array may change after this call; the lookup above needs none.
      hashedGroups.put(new HashedGroupKey(table, ByteBuffer.wrap(group.clone())), hashed);
    }
    return hashed;
  }

  /** The stored-key prefix shared by every row of {@code group}. */
  byte[] storedPrefix(Table table, byte[] group) {
    return storedKey(table, new RowKey(group, new byte[0]));
  }

  byte[] seal(Table table, byte[] storedKey, byte[] value) {
    if (!table.confidential()) {
      return value;
    }
    byte[] out = new byte[HEADER_LENGTH + value.length + AeadAlgorithm.TAG_LENGTH];
    out[0] = FORMAT_VERSION;
    byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    aead.get().seal(nonce, associatedData(table, storedKey), value, 0, value.length, out, HEADER_LENGTH);
    return out;
  }

  byte[] open(Table table, byte[] storedKey, byte[] stored) {
    if (!table.confidential()) {
      return stored;
    }
    if (stored.length < HEADER_LENGTH + AeadAlgorithm.TAG_LENGTH || stored[0] != FORMAT_VERSION) {
      throw new StoreException("a stored value in '" + table.columnFamily() + "' is corrupt or of an unknown format");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(stored, 1, HEADER_LENGTH);
    byte[] out = new byte[stored.length - HEADER_LENGTH - AeadAlgorithm.TAG_LENGTH];
    try {
      aead.get().open(nonce, associatedData(table, storedKey), stored, HEADER_LENGTH, stored.length - HEADER_LENGTH, out, 0);
    } catch (AuthenticationException e) {
      throw new StoreException("a stored value in '" + table.columnFamily()
          + "' does not authenticate: the database was tampered with or belongs to another identity");
    }
    return out;
  }

  private static byte[] associatedData(Table table, byte[] storedKey) {
    return Bytes.concat(table.columnFamilyName(), new byte[] {0}, storedKey);
  }

  private static byte[] label(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
