package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.X25519PublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Message keys of skipped messages (Double Ratchet spec §3.2 MKSKIPPED), keyed by (ratchet key,
 * message number), oldest first. Holds at most {@link RatchetSession#MAX_SKIPPED_KEYS}: adding more
 * evicts the oldest, whose message can then no longer be decrypted. Not thread-safe.
 */
final class SkippedKeys {
  record Id(X25519PublicKey ratchetKey, int number) {}

  record Entry(Id id, byte[] messageKey) {}

  private final LinkedHashMap<Id, byte[]> keys = new LinkedHashMap<>();

  SkippedKeys copy() {
    SkippedKeys copy = new SkippedKeys();
    keys.forEach((id, key) -> copy.keys.put(id, key.clone()));
    return copy;
  }

  int size() {
    return keys.size();
  }

  byte[] get(X25519PublicKey ratchetKey, int number) {
    return keys.get(new Id(ratchetKey, number));
  }

  void remove(X25519PublicKey ratchetKey, int number) {
    byte[] key = keys.remove(new Id(ratchetKey, number));
    if (key != null) {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  void addAll(List<Entry> entries) {
    for (Entry e : entries) {
      keys.put(e.id(), e.messageKey());
    }
    Iterator<Map.Entry<Id, byte[]>> oldest = keys.entrySet().iterator();
    while (keys.size() > RatchetSession.MAX_SKIPPED_KEYS) {
      java.util.Arrays.fill(oldest.next().getValue(), (byte) 0);
      oldest.remove();
    }
  }

  Iterable<Map.Entry<Id, byte[]>> entries() {
    return keys.entrySet();
  }
}
