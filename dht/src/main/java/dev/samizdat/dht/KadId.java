package dev.samizdat.dht;

import dev.samizdat.crypto.Hashes;
import dev.samizdat.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Random;

/**
 * A point in the 256-bit Kademlia key space: SHA-256 of a DHT key, or of a peer id's multihash bytes
 * (kad-dht spec, "Distance": the distance of two keys is XOR(sha256(key1), sha256(key2))). Held as
 * four big-endian longs so that distance comparisons allocate nothing. Immutable.
 */
public final class KadId {
  public static final int BITS = 256;
  public static final int LENGTH = 32;

  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private KadId(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  /** The position of a DHT key (record key, provider key or FIND_NODE key) in the key space. */
  public static KadId ofKey(byte[] key) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    return fromHash(sha256.digest(key));
  }

  /** Lookups hash every peer they hear of; a digest per thread spares the provider look-up. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newSha256);

  /** The position of a peer: the hash of its multihash bytes, as js and go compute it. */
  public static KadId ofPeer(PeerId peer) {
    return ofKey(peer.toBytes());
  }

  /** Wraps 32 hash bytes as they are (no hashing). */
  public static KadId fromHash(byte[] hash) {
    if (hash.length != LENGTH) {
      throw new IllegalArgumentException("a Kademlia id is " + LENGTH + " bytes, got " + hash.length);
    }
    ByteBuffer b = ByteBuffer.wrap(hash);
    return new KadId(b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  public static KadId random(Random random) {
    return new KadId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  /**
   * A random id whose common prefix with {@code self} is exactly {@code prefixLength} bits: a target
   * for refreshing the bucket of that prefix length.
   */
  public static KadId randomWithCommonPrefix(KadId self, int prefixLength, Random random) {
    if (prefixLength < 0 || prefixLength >= BITS) {
      throw new IllegalArgumentException("prefix length must be in [0, 255], got " + prefixLength);
    }
    long[] r = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
    long[] s = self.words();
    long[] out = new long[4];
    for (int word = 0; word < 4; word++) {
      int firstBit = word * 64;
      if (prefixLength >= firstBit + 64) {
        out[word] = s[word];
      } else if (prefixLength < firstBit) {
        out[word] = r[word];
      } else {
        int inWord = prefixLength - firstBit;
        long keepMask = inWord == 0 ? 0 : -1L << (64 - inWord);
        long flipBit = 1L << (63 - inWord);
        long differing = (s[word] & keepMask) | (~s[word] & flipBit);
        out[word] = differing | (r[word] & ~(keepMask | flipBit));
      }
    }
    return new KadId(out[0], out[1], out[2], out[3]);
  }

  /** The number of leading bits this id shares with {@code other}: 256 for equal ids. */
  public int commonPrefixLength(KadId other) {
    long x = w0 ^ other.w0;
    if (x != 0) {
      return Long.numberOfLeadingZeros(x);
    }
    x = w1 ^ other.w1;
    if (x != 0) {
      return 64 + Long.numberOfLeadingZeros(x);
    }
    x = w2 ^ other.w2;
    if (x != 0) {
      return 128 + Long.numberOfLeadingZeros(x);
    }
    x = w3 ^ other.w3;
    return 192 + Long.numberOfLeadingZeros(x);
  }

  /** The XOR distance to {@code other}, itself a point of the key space. */
  public KadId distance(KadId other) {
    return new KadId(w0 ^ other.w0, w1 ^ other.w1, w2 ^ other.w2, w3 ^ other.w3);
  }

  /**
   * Compares how close {@code a} and {@code b} are to this id: negative when {@code a} is closer.
   */
  public int compareDistance(KadId a, KadId b) {
    int c = Long.compareUnsigned(a.w0 ^ w0, b.w0 ^ w0);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.w1 ^ w1, b.w1 ^ w1);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.w2 ^ w2, b.w2 ^ w2);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(a.w3 ^ w3, b.w3 ^ w3);
  }

  /** Orders ids by their distance to this one, closest first. */
  public Comparator<KadId> byDistance() {
    return this::compareDistance;
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(LENGTH).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
  }

  private long[] words() {
    return new long[] {w0, w1, w2, w3};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadId k && k.w0 == w0 && k.w1 == w1 && k.w2 == w2 && k.w3 == w3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(w0) * 31 + Long.hashCode(w1);
  }

  @Override
  public String toString() {
    return String.format("%016x%016x%016x%016x", w0, w1, w2, w3);
  }
}
