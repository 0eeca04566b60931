package dev.samizdat.channels.policy;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The body of a blocklist's BLOCK entry (a rule) or RETRACT entry (which lifts the rule on the same
 * target; category, action and expiry are then unused):
 *
 * <pre>
 *   version u8 = 1 | form u8 (0 clear, 1 digest only)
 *   | clear: kind u8 ‖ id length u8 ‖ id  |  digest only: 16 bytes
 *   | category u8 | recommended action u8 | expires at u64 ms (0 = never) | reason: u16 length ‖ UTF-8
 * </pre>
 *
 * @param target the target in clear, or empty when the list publishes only its digest
 */
public record BlockRule(Optional<Target> target, Target.Digest digest, Category category, Action recommended,
    long expiresAtMillis, String reason) {
  public static final int MAX_REASON_LENGTH = 1000;
  private static final int VERSION = 1;

  public BlockRule {
    if (reason == null || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("a reason is at most " + MAX_REASON_LENGTH + " characters");
    }
    if (target.isPresent() && !target.get().digest().equals(digest)) {
      throw new IllegalArgumentException("the digest does not match the target");
    }
  }

  public static BlockRule of(Target target, boolean publishDigestOnly, Category category, Action recommended,
      long expiresAtMillis, String reason) {
    return new BlockRule(publishDigestOnly ? Optional.empty() : Optional.of(target), target.digest(), category,
        recommended, expiresAtMillis, reason);
  }

  public boolean expiredAt(long nowMillis) {
    return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
  }

  public byte[] encode() {
    byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(2 + 2 + Target.MAX_ID_LENGTH + 2 + 8 + 2 + reasonBytes.length);
    out.put((byte) VERSION);
    if (target.isPresent()) {
      byte[] id = target.get().id();
      out.put((byte) 0).put((byte) target.get().kind().code()).put((byte) id.length).put(id);
    } else {
      out.put((byte) 1).put(digest.toBytes());
    }
    out.put((byte) category.code()).put((byte) recommended.code()).putLong(expiresAtMillis)
        .putShort((short) reasonBytes.length).put(reasonBytes);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  /**
   * The rule a list's BLOCK or RETRACT entry carries; empty for other entries, and for a rule that does
   * not decode, which blocks nothing.
   */
  public static Optional<BlockRule> carriedBy(FeedEntry entry) {
    if (entry.contentType() != ContentType.BLOCK && entry.contentType() != ContentType.RETRACT) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(entry.body()));
    } catch (CryptoException malformed) {
      return Optional.empty();
    }
  }

  public static BlockRule decode(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      if ((in.get() & 0xFF) != VERSION) {
        throw new MalformedInputException("unsupported block rule version");
      }
      int form = in.get() & 0xFF;
      Optional<Target> target;
      Target.Digest digest;
      if (form == 0) {
        int kind = in.get() & 0xFF;
        int length = in.get() & 0xFF;
        if (length == 0 || length > Target.MAX_ID_LENGTH) {
          throw new MalformedInputException("block rule target is invalid");
        }
        byte[] id = new byte[length];
        in.get(id);
        target = Optional.of(new Target(Target.Kind.fromCode(kind), id));
        digest = target.get().digest();
      } else if (form == 1) {
        byte[] bytes = new byte[Target.Digest.LENGTH];
        in.get(bytes);
        target = Optional.empty();
        digest = Target.Digest.of(bytes);
      } else {
        throw new MalformedInputException("unknown block rule target form " + form);
      }
      Category category = Category.fromCode(in.get() & 0xFF);
      Action action = Action.fromCode(in.get() & 0xFF);
      long expires = in.getLong();
      int reasonLength = in.getShort() & 0xFFFF;
      if (reasonLength != in.remaining() || reasonLength > MAX_REASON_LENGTH * 4) {
        throw new MalformedInputException("block rule reason length does not match");
      }
      byte[] reasonBytes = new byte[reasonLength];
      in.get(reasonBytes);
      String reason = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(reasonBytes)).toString();
      return new BlockRule(target, digest, category, action, expires, reason);
    } catch (BufferUnderflowException e) {
      throw new MalformedInputException("block rule is truncated");
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("block rule reason is not UTF-8");
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("block rule is invalid: " + e.getMessage());
    }
  }
}
