package dev.samizdat.node.store;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.SymmetricKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encryption at rest for confidential tables: every value is sealed with AES-256-GCM under a key
 * derived from the node's identity key (itself encrypted under the user's passphrase, when one is
 * set), with the table and the stored key as associated data so a value cannot be moved to another
 * row. Keys that would reveal a peer or a conversation are replaced by keyed hashes (HMAC-SHA256).
 *
 * <p>Not thread-safe for sealing and opening (the AEAD instance is reused); {@link Database} guards it.
 */
final class AtRestCipher {
  private static final byte FORMAT_VERSION = 1;
  private static final int HEADER_LENGTH = 1 + AeadAlgorithm.NONCE_LENGTH;

  /** Hashed groups kept: a node touches the same few conversations' rows over and over. */
  static final int MAX_HASHED_GROUPS = 4096;

  private final AeadCipher aead;
  private final byte[] keyHashKey;
  /** (table, group) → the group's keyed hash; cleared whole when full. */
  private final Map<String, byte[]> hashedGroups = new ConcurrentHashMap<>();
  private final SecureRandom random;

  AtRestCipher(byte[] rootSecret, SecureRandom random) {
    this.aead = Aead.aes256Gcm(SymmetricKey.fromBytes(
        Hkdf.derive(rootSecret, null, label("samizdat/at-rest/values/v1"), SymmetricKey.LENGTH)));
    this.keyHashKey = Hkdf.derive(rootSecret, null, label("samizdat/at-rest/keys/v1"), 32);
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
    String cacheKey = table.ordinal() + ":" + Bytes.hex(group);
    byte[] hashed = hashedGroups.get(cacheKey);
    if (hashed == null) {
      hashed = Hkdf.hmacSha256(keyHashKey, table.columnFamilyName(), new byte[] {0}, group);
      if (hashedGroups.size() >= MAX_HASHED_GROUPS) {
        hashedGroups.clear();
      }
      hashedGroups.put(cacheKey, hashed);
    }
    return hashed;
  }

  /** The stored-key prefix shared by every row of {@code group}. */
  byte[] storedPrefix(Table table, byte[] group) {
    return storedKey(table, new RowKey(group, new byte[0]));
  }

  synchronized byte[] seal(Table table, byte[] storedKey, byte[] value) {
    if (!table.confidential()) {
      return value;
    }
    byte[] out = new byte[HEADER_LENGTH + value.length + AeadAlgorithm.TAG_LENGTH];
    out[0] = FORMAT_VERSION;
    byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    aead.seal(nonce, associatedData(table, storedKey), value, 0, value.length, out, HEADER_LENGTH);
    return out;
  }

  synchronized byte[] open(Table table, byte[] storedKey, byte[] stored) {
    if (!table.confidential()) {
      return stored;
    }
    if (stored.length < HEADER_LENGTH + AeadAlgorithm.TAG_LENGTH || stored[0] != FORMAT_VERSION) {
      throw new StoreException("a stored value in '" + table.columnFamily() + "' is corrupt or of an unknown format");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(stored, 1, HEADER_LENGTH);
    byte[] out = new byte[stored.length - HEADER_LENGTH - AeadAlgorithm.TAG_LENGTH];
    try {
      aead.open(nonce, associatedData(table, storedKey), stored, HEADER_LENGTH, stored.length - HEADER_LENGTH, out, 0);
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
