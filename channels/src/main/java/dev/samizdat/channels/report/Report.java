package dev.samizdat.channels.report;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;

/**
 * A user's report to the moderators of a blocklist, or an appeal against one of its blocks. This is
 * the plaintext: it travels inside the crypto module's end-to-end encryption to each moderator the
 * list's manifest names, and that envelope authenticates the reporter, whose identity key is repeated
 * here so that the review queue can count each reporter once.
 *
 * <pre>
 *   version u8 = 1 | flags u8 (bit 0: appeal; others 0) | list key 32 | target kind u8 ‖ id length u8 ‖ id
 *   | category u8 | reporter key 32 | timestamp u64 (ms) | note: u16 length ‖ UTF-8
 * </pre>
 */
public record Report(Target target, FeedId list, Category category, String note, Ed25519PublicKey reporter,
    long timestampMillis, boolean appeal) {
  /** A paragraph of context; a moderator reads many of these. */
  public static final int MAX_NOTE_BYTES = 2000;
  public static final int MAX_ENCODED_LENGTH = 2 + 32 + 2 + Target.MAX_ID_LENGTH + 1 + 32 + 8 + 2 + MAX_NOTE_BYTES;
  private static final int VERSION = 1;
  private static final int APPEAL = 1;

  public Report {
    if (target == null || list == null || category == null || reporter == null) {
      throw new IllegalArgumentException("a report names a target, a list, a category and its reporter");
    }
    if (note == null) {
      note = "";
    }
    WireWriter.utf8(note, MAX_NOTE_BYTES, "report note");
    if (timestampMillis < 0) {
      throw new IllegalArgumentException("a report's timestamp is not negative");
    }
  }

  public byte[] encode() {
    byte[] id = target.id();
    byte[] noteBytes = WireWriter.utf8(note, MAX_NOTE_BYTES, "report note");
    return new WireWriter(128 + noteBytes.length).u8(VERSION).u8(appeal ? APPEAL : 0).bytes(list.toBytes())
        .u8(target.kind().code()).u8(id.length).bytes(id).u8(category.code()).bytes(reporter.toBytes())
        .u64(timestampMillis).u16(noteBytes.length).bytes(noteBytes).toBytes();
  }

  public static Report decode(byte[] bytes) {
    if (bytes.length > MAX_ENCODED_LENGTH) {
      throw new MalformedInputException("report of " + bytes.length + " bytes exceeds " + MAX_ENCODED_LENGTH);
    }
    WireReader in = new WireReader(bytes, "report");
    int version = in.u8();
    if (version != VERSION) {
      throw new MalformedInputException("report version " + version + " is not supported");
    }
    int flags = in.u8();
    if ((flags & ~APPEAL) != 0) {
      throw new MalformedInputException("report has unknown flags " + flags);
    }
    FeedId list = FeedId.fromBytes(in.bytes(32));
    int kind = in.u8();
    int idLength = in.u8();
    if (idLength == 0 || idLength > Target.MAX_ID_LENGTH) {
      throw new MalformedInputException("report target is invalid");
    }
    Target target = new Target(Target.Kind.fromCode(kind), in.bytes(idLength));
    Category category = Category.fromCode(in.u8());
    Ed25519PublicKey reporter = Ed25519PublicKey.fromBytes(in.bytes(32));
    long timestamp = in.nonNegativeU64("timestamp");
    String note = in.utf8(in.u16(), MAX_NOTE_BYTES, "note");
    in.requireEnd();
    return new Report(target, list, category, note, reporter, timestamp, flags == APPEAL);
  }
}
