package dev.samizdat.dht.record;

import java.util.List;

/**
 * Picks the best of several valid values for one key (kad-dht spec, "Entry validation"). Pure,
 * thread-safe and stable: the same values in any order give the same winner.
 */
public interface Selector {
  /** The index of the best value in {@code values} (not empty, all valid). */
  int select(byte[] key, List<byte[]> values);
}
