package dev.samizdat.channels.post;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.MalformedInputException;
import java.util.Optional;

/**
 * The body of a {@link ContentType#DELETE} entry: readers hide the post; the log keeps both it and
 * this tombstone, since entries are never removed from a hash chain.
 *
 * <pre>
 *   version u8 = 1 | {@link PostRef} | has reason u8 (0 or 1) | reason: u16 length ‖ UTF-8 (if present)
 * </pre>
 */
public record Delete(PostRef target, Optional<String> reason) {
  /** Counted as a block's reason is ({@code BlockRule.MAX_REASON_LENGTH}): in characters. */
  public static final int MAX_REASON_LENGTH = 1000;
  // A UTF-16 unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4).
  private static final int MAX_REASON_BYTES = 3 * MAX_REASON_LENGTH;

  public Delete {
    if (target == null) {
      throw new IllegalArgumentException("a deletion needs a target");
    }
    if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("a deletion's reason is at most " + MAX_REASON_LENGTH + " characters");
    }
    reason.ifPresent(text -> WireWriter.utf8(text, MAX_REASON_BYTES, "deletion reason")); // well-formed UTF-16
  }

  public byte[] encode() {
    WireWriter out = new WireWriter(64);
    out.u8(Post.VERSION);
    PostRef.encode(target, out);
    if (reason.isPresent()) {
      byte[] bytes = WireWriter.utf8(reason.get(), MAX_REASON_BYTES, "deletion reason");
      out.u8(1).u16(bytes.length).bytes(bytes);
    } else {
      out.u8(0);
    }
    return out.toBytes();
  }

  public static Delete decode(byte[] body) {
    WireReader in = new WireReader(body, "deletion");
    Post.requireVersion(in, "deletion");
    PostRef target = PostRef.decode(in);
    int hasReason = in.u8();
    Optional<String> reason = switch (hasReason) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(in.utf8(in.u16(), MAX_REASON_BYTES, "deletion reason"));
      default -> throw new MalformedInputException("deletion reason flag " + hasReason + " is not 0 or 1");
    };
    in.requireEnd();
    if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
      throw new MalformedInputException("deletion reason of " + reason.get().length() + " characters exceeds "
          + MAX_REASON_LENGTH);
    }
    return new Delete(target, reason);
  }
}
