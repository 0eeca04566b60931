package dev.samizdat.channels.feed;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.SignatureDomain;
import java.util.Arrays;

/**
 * A feed's head as published in the DHT: which entry is the newest, signed by the feed key or one of
 * its authors. Subscribers look it up to learn whether they are behind; the highest valid sequence
 * wins ({@link FeedHeadRecords}). The signature covers every byte before it, in the domain
 * {@value #DOMAIN_LABEL}:
 *
 * <pre>
 *   version u8 = 1 | feed key 32 | sequence u64 | head entry hash 32 | timestamp u64 (ms) | signer key 32
 *   | signature 64
 * </pre>
 */
public final class FeedHead {
  public static final String DOMAIN_LABEL = "samizdat/feed-head/v1";
  private static final SignatureDomain DOMAIN = SignatureDomain.of(DOMAIN_LABEL);
  private static final int VERSION = 1;
  static final int SIGNED_LENGTH = 1 + 32 + 8 + FeedEntry.HASH_LENGTH + 8 + 32;
  public static final int ENCODED_LENGTH = SIGNED_LENGTH + Ed25519PublicKey.SIGNATURE_LENGTH;

  private final FeedId feed;
  private final long sequence;
  private final byte[] entryHash;
  private final long timestampMillis;
  private final Ed25519PublicKey signer;
  private final byte[] encoded;

  private FeedHead(FeedId feed, long sequence, byte[] entryHash, long timestampMillis, Ed25519PublicKey signer,
      byte[] encoded) {
    this.feed = feed;
    this.sequence = sequence;
    this.entryHash = entryHash;
    this.timestampMillis = timestampMillis;
    this.signer = signer;
    this.encoded = encoded;
  }

  /** Signs the head that {@code head} (the newest entry the signer holds) makes. */
  public static FeedHead sign(FeedEntry head, Ed25519PrivateKey signerKey, long nowMillis) {
    byte[] signed = new WireWriter(ENCODED_LENGTH).u8(VERSION).bytes(head.feed().toBytes()).u64(head.sequence())
        .bytes(head.hash()).u64(nowMillis).bytes(signerKey.publicKey().toBytes()).toBytes();
    byte[] encoded = Bytes.concat(signed, signerKey.sign(DOMAIN, signed));
    return new FeedHead(head.feed(), head.sequence(), head.hash(), nowMillis, signerKey.publicKey(), encoded);
  }

  /**
   * Decodes a head and checks its signature by the key it names; whether that key may speak for the
   * feed is {@link #requireAuthorisedBy}'s business.
   *
   * @throws MalformedInputException for bytes that are not a head
   * @throws AuthenticationException for a signature that does not verify
   */
  public static FeedHead decode(byte[] encoded) {
    if (encoded.length != ENCODED_LENGTH) {
      throw new MalformedInputException("a feed head is " + ENCODED_LENGTH + " bytes, not " + encoded.length);
    }
    WireReader in = new WireReader(encoded, "feed head");
    int version = in.u8();
    if (version != VERSION) {
      throw new MalformedInputException("feed head version " + version + " is not supported");
    }
    FeedId feed = FeedId.fromBytes(in.bytes(32));
    long sequence = in.nonNegativeU64("sequence");
    byte[] hash = in.bytes(FeedEntry.HASH_LENGTH);
    long timestamp = in.u64();
    Ed25519PublicKey signer = Ed25519PublicKey.fromBytes(in.bytes(32));
    byte[] signature = in.bytes(Ed25519PublicKey.SIGNATURE_LENGTH);
    signer.requireValid(DOMAIN, Arrays.copyOf(encoded, SIGNED_LENGTH), signature, "feed head " + sequence);
    return new FeedHead(feed, sequence, hash, timestamp, signer, encoded.clone());
  }

  /**
   * Checks that the signer may speak for the feed: the feed key, or an author the manifest lists.
   *
   * @throws FeedException when it may not
   */
  public void requireAuthorisedBy(Manifest manifest) {
    if (!signedByFeedKey() && !manifest.authors().contains(signer)) {
      throw new FeedException("feed head " + sequence + " is signed by a key the feed did not authorise");
    }
  }

  public boolean signedByFeedKey() {
    return signer.equals(feed.key());
  }

  /** Whether this head names exactly {@code entry}. */
  public boolean names(FeedEntry entry) {
    return entry.feed().equals(feed) && entry.sequence() == sequence && entry.hashEquals(entryHash);
  }

  public FeedId feed() {
    return feed;
  }

  public long sequence() {
    return sequence;
  }

  public byte[] entryHash() {
    return entryHash.clone();
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public Ed25519PublicKey signer() {
    return signer;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedHead other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "FeedHead[#" + sequence + " " + Bytes.hex(entryHash).substring(0, 12) + "]";
  }
}
