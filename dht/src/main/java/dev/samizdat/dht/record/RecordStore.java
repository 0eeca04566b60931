package dev.samizdat.dht.record;

import dev.samizdat.libp2p.PeerId;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The records this node holds for others (values PUT to it). One value per key. Implementations
 * must be thread-safe; calls may block briefly (a local database).
 */
public interface RecordStore {
  /**
   * A held record.
   *
   * @param from the peer that PUT it, for the per-peer limit
   */
  record Stored(byte[] key, byte[] value, PeerId from, long receivedAtMillis) {
    public Stored {
      key = key.clone();
      value = value.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  Optional<Stored> get(byte[] key);

  /** Inserts or replaces the record of {@code record.key()}. */
  void put(Stored record);

  void remove(byte[] key);

  int size();

  /** How many held records {@code peer} PUT. */
  int countFrom(PeerId peer);

  /** Removes every record matching {@code condition}; returns how many. */
  int removeIf(Predicate<Stored> condition);
}
