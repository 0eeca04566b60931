package dev.samizdat.dht;

import dev.samizdat.crypto.Hashes;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Keys whose SHA-256 falls in a chosen bucket, for bucket refreshes. A FIND_NODE carries a key that
 * the remote hashes, so reaching bucket i of our table needs a key whose hash shares exactly i bits
 * with our id: about 2^(i+1) hashes by trial. Instead, a table maps every 16-bit hash prefix to a
 * key (an 8-byte counter) that has it, built once per process by counting up (about 770,000
 * hashes, deterministic); deeper buckets, which only very large networks fill, fall back to trial.
 */
final class RefreshKeys {
  private static final int PREFIX_BITS = 16;
  private static final long[] TABLE = build();

  private RefreshKeys() {}

  private static long[] build() {
    long[] table = new long[1 << PREFIX_BITS];
    java.util.Arrays.fill(table, -1);
    int missing = table.length;
    for (long counter = 0; missing > 0; counter++) {
      byte[] h = Hashes.sha256(encode(counter));
      int prefix = ((h[0] & 0xFF) << 8) | (h[1] & 0xFF);
      if (table[prefix] < 0) {
        table[prefix] = counter;
        missing--;
      }
    }
    return table;
  }

  private static byte[] encode(long counter) {
    return ByteBuffer.allocate(8).putLong(counter).array();
  }

  /** A key whose hash shares exactly {@code cpl} leading bits with {@code self}. */
  static byte[] keyInBucket(KadId self, int cpl, Random random) {
    if (cpl < PREFIX_BITS) {
      byte[] s = self.toBytes();
      int selfPrefix = ((s[0] & 0xFF) << 8) | (s[1] & 0xFF);
      int keep = cpl == 0 ? 0 : (0xFFFF << (PREFIX_BITS - cpl)) & 0xFFFF;
      int flip = 1 << (PREFIX_BITS - 1 - cpl);
      int rest = (flip - 1) & random.nextInt();
      int prefix = (selfPrefix & keep) | (~selfPrefix & flip) | rest;
      return encode(TABLE[prefix]);
    }
    byte[] key = new byte[32];
    do {
      random.nextBytes(key);
    } while (self.commonPrefixLength(KadId.ofKey(key)) != cpl);
    return key;
  }
}
