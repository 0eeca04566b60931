package dev.samizdat.channels.feed;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.SignatureDomain;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One entry of a feed's append-only, hash-chained log. The signature covers exactly the bytes that
 * travel before it, in the domain {@value #DOMAIN_LABEL}:
 *
 * <pre>
 *   version u8 = 1 | feed key 32 | sequence u64 | previous hash 32 | timestamp u64 (ms)
 *   | content type u8 | signer key 32 | body length u32 | body | signature 64
 * </pre>
 *
 * Entry 0 is the feed's manifest and has an all-zero previous hash; entry n carries the hash of
 * entry n−1 ({@link #hash()}: SHA-256 over the whole encoding, signature included).
 */
public final class FeedEntry {
  public static final String DOMAIN_LABEL = "samizdat/feed-entry/v1";
  static final SignatureDomain DOMAIN = SignatureDomain.of(DOMAIN_LABEL);
  public static final int VERSION = 1;
  public static final int HASH_LENGTH = 32;
  /**
   * Bodies are text or small structured records; attachments travel as content-addressed blobs.
   * 64 KiB keeps a replication batch and the per-feed storage bounded.
   */
  public static final int MAX_BODY_LENGTH = 64 * 1024;
  static final int HEADER_LENGTH = 1 + 32 + 8 + HASH_LENGTH + 8 + 1 + 32 + 4;
  public static final int MAX_ENCODED_LENGTH = HEADER_LENGTH + MAX_BODY_LENGTH + Ed25519PublicKey.SIGNATURE_LENGTH;

  private final FeedId feed;
  private final long sequence;
  private final byte[] previousHash;
  private final long timestampMillis;
  private final ContentType contentType;
  private final Ed25519PublicKey signer;
  private final byte[] body;
  private final byte[] signature;
  private final byte[] encoded;
  private final byte[] hash;

  private FeedEntry(FeedId feed, long sequence, byte[] previousHash, long timestampMillis, ContentType contentType,
      Ed25519PublicKey signer, byte[] body, byte[] signature, byte[] encoded) {
    this.feed = feed;
    this.sequence = sequence;
    this.previousHash = previousHash;
    this.timestampMillis = timestampMillis;
    this.contentType = contentType;
    this.signer = signer;
    this.body = body;
    this.signature = signature;
    this.encoded = encoded;
    this.hash = Hashes.sha256(encoded);
  }

  /** Creates and signs an entry; the caller (a {@link FeedLog}) supplies the chain position. */
  public static FeedEntry sign(FeedId feed, long sequence, byte[] previousHash, long timestampMillis,
      ContentType contentType, byte[] body, Ed25519PrivateKey signerKey) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence numbers start at 0");
    }
    Bytes.requireLength(previousHash, HASH_LENGTH, "previous entry hash");
    if (body.length > MAX_BODY_LENGTH) {
      throw new FeedException("entry body of " + body.length + " bytes exceeds the limit of " + MAX_BODY_LENGTH);
    }
    ByteBuffer signed = ByteBuffer.allocate(HEADER_LENGTH + body.length)
        .put((byte) VERSION).put(feed.toBytes()).putLong(sequence).put(previousHash).putLong(timestampMillis)
        .put((byte) contentType.code()).put(signerKey.publicKey().toBytes()).putInt(body.length).put(body);
    byte[] signedBytes = signed.array();
    byte[] signature = signerKey.sign(DOMAIN, signedBytes);
    byte[] encoded = Bytes.concat(signedBytes, signature);
    return new FeedEntry(feed, sequence, previousHash.clone(), timestampMillis, contentType,
        signerKey.publicKey(), body.clone(), signature, encoded);
  }

  /**
   * Decodes an entry and checks its signature by the key it names. Whether that key may write to the
   * feed, and whether the entry fits the chain, is the {@link FeedLog}'s business.
   *
   * @throws MalformedInputException for truncated, oversized or ill-formed bytes
   * @throws dev.samizdat.crypto.AuthenticationException for a signature that does not verify
   */
  public static FeedEntry decode(byte[] encoded) {
    return decode(encoded, true);
  }

  private static FeedEntry decode(byte[] encoded, boolean verifySignature) {
    if (encoded.length > MAX_ENCODED_LENGTH) {
      throw new MalformedInputException("feed entry of " + encoded.length + " bytes exceeds " + MAX_ENCODED_LENGTH);
    }
    if (encoded.length < HEADER_LENGTH + Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new MalformedInputException("feed entry of " + encoded.length + " bytes is truncated");
    }
    ByteBuffer in = ByteBuffer.wrap(encoded);
    try {
      int version = in.get() & 0xFF;
      if (version != VERSION) {
        throw new MalformedInputException("feed entry version " + version + " is not supported");
      }
      FeedId feed = FeedId.fromBytes(take(in, 32));
      long sequence = in.getLong();
      if (sequence < 0) {
        throw new MalformedInputException("negative feed sequence number");
      }
      byte[] previousHash = take(in, HASH_LENGTH);
      long timestamp = in.getLong();
      ContentType type = ContentType.fromCode(in.get() & 0xFF);
      Ed25519PublicKey signer = Ed25519PublicKey.fromBytes(take(in, 32));
      int bodyLength = in.getInt();
      if (bodyLength < 0 || bodyLength > MAX_BODY_LENGTH
          || bodyLength != in.remaining() - Ed25519PublicKey.SIGNATURE_LENGTH) {
        throw new MalformedInputException("feed entry body length " + bodyLength + " does not match the entry");
      }
      byte[] body = take(in, bodyLength);
      byte[] signature = take(in, Ed25519PublicKey.SIGNATURE_LENGTH);
      if (verifySignature) {
        signer.requireValid(DOMAIN, Arrays.copyOf(encoded, encoded.length - signature.length), signature,
            "feed entry " + sequence);
      }
      return new FeedEntry(feed, sequence, previousHash, timestamp, type, signer, body, signature, encoded.clone());
    } catch (BufferUnderflowException e) {
      throw new MalformedInputException("feed entry is truncated");
    }
  }

  /**
   * Decodes an entry that this node verified before it stored it, without checking the signature
   * again: serving a long feed must not cost a signature verification per entry. Never use it for
   * bytes that came from the network.
   */
  public static FeedEntry decodeStored(byte[] encoded) {
    return decode(encoded, false);
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  public FeedId feed() {
    return feed;
  }

  public long sequence() {
    return sequence;
  }

  public byte[] previousHash() {
    return previousHash.clone();
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public ContentType contentType() {
    return contentType;
  }

  public Ed25519PublicKey signer() {
    return signer;
  }

  public byte[] body() {
    return body.clone();
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  public int encodedLength() {
    return encoded.length;
  }

  public byte[] hash() {
    return hash.clone();
  }

  boolean hashEquals(byte[] other) {
    return Arrays.equals(hash, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedEntry other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "FeedEntry[" + contentType + " #" + sequence + " " + Bytes.hex(hash).substring(0, 12) + "]";
  }
}
