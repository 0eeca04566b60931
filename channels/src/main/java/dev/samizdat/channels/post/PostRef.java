package dev.samizdat.channels.post;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.MalformedInputException;
import java.util.Arrays;

/**
 * Which earlier post of the same feed an edit or deletion is about: by sequence number or by entry
 * hash. On the wire: {@code form u8 (0 sequence, 1 hash) | sequence u64 or hash 32}.
 */
public sealed interface PostRef {
  record BySequence(long sequence) implements PostRef {
    public BySequence {
      if (sequence < 0) {
        throw new IllegalArgumentException("sequence numbers start at 0");
      }
    }
  }

  record ByHash(byte[] entryHash) implements PostRef {
    public ByHash {
      entryHash = Bytes.requireLength(entryHash, FeedEntry.HASH_LENGTH, "post entry hash").clone();
    }

    @Override
    public byte[] entryHash() {
      return entryHash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByHash other && Arrays.equals(entryHash, other.entryHash);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(entryHash);
    }

    @Override
    public String toString() {
      return "ByHash[" + Bytes.hex(entryHash) + "]";
    }
  }

  static PostRef of(FeedEntry post) {
    return new ByHash(post.hash());
  }

  static PostRef of(long sequence) {
    return new BySequence(sequence);
  }

  static void encode(PostRef ref, WireWriter out) {
    if (ref instanceof BySequence bySequence) {
      out.u8(0).u64(bySequence.sequence());
    } else if (ref instanceof ByHash byHash) {
      out.u8(1).bytes(byHash.entryHash);
    }
  }

  static PostRef decode(WireReader in) {
    int form = in.u8();
    return switch (form) {
      case 0 -> new BySequence(in.nonNegativeU64("target sequence"));
      case 1 -> new ByHash(in.bytes(FeedEntry.HASH_LENGTH));
      default -> throw new MalformedInputException("unknown post reference form " + form);
    };
  }
}
