package dev.samizdat.channels.policy;

import dev.samizdat.channels.wire.WireCode;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a rule is about: a channel, a post, a peer, or a blob (by content hash). A rule names its
 * target either in clear or — for the worst content, so that a list never becomes a directory of it —
 * only by its {@link #digest()}. Both match the same items: the policy index is keyed by the digest.
 */
public record Target(Kind kind, byte[] id) {
  /** Feed keys, peer ids, entry hashes and blob hashes all fit. */
  public static final int MAX_ID_LENGTH = 64;
  private static final byte[] DIGEST_LABEL = "samizdat/block-target/v1".getBytes(StandardCharsets.US_ASCII);

  public enum Kind implements WireCode {
    CHANNEL(0),
    POST(1),
    PEER(2),
    BLOB(3);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }

    public static Kind fromCode(int code) {
      return WireCode.fromCode(Kind.class, code, "target kind");
    }
  }

  public Target {
    if (id.length == 0 || id.length > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("a target id is 1.." + MAX_ID_LENGTH + " bytes");
    }
    id = id.clone();
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  /** The hash under which rules about this target are indexed and, for hidden targets, published. */
  public Digest digest() {
    return Digest.of(Hashes.sha256(DIGEST_LABEL, new byte[] {(byte) kind.code()}, id));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target other && kind == other.kind && Arrays.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + Bytes.hex(id);
  }

  /**
   * A target's digest, truncated to 128 bits for the index: collisions among even billions of rules
   * are negligible (birthday bound 2^64), and two longs keep a million-rule index compact.
   */
  public record Digest(long high, long low) {
    public static final int LENGTH = 16;

    public static Digest of(byte[] hash) {
      if (hash.length < LENGTH) {
        throw new MalformedInputException("a target digest needs at least " + LENGTH + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.wrap(hash);
      return new Digest(buffer.getLong(), buffer.getLong());
    }

    public byte[] toBytes() {
      return ByteBuffer.allocate(LENGTH).putLong(high).putLong(low).array();
    }

    @Override
    public int hashCode() {
      return (int) (high ^ (high >>> 32));
    }
  }
}
