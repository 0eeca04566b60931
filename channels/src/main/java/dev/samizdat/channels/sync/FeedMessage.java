package dev.samizdat.channels.sync;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Bytes;
import java.util.List;

/**
 * The messages of {@code /samizdat/feed/1.0.0}, one per frame ({@link FeedFrames}). Entries travel
 * as their signed encodings and are decoded — signature checked — by the {@link FeedReplicator}, so
 * that the codec stays cheap and free of crypto. Byte arrays are not copied: treat them as immutable.
 */
public sealed interface FeedMessage {
  /** Most entries in one batch; a small entry is ~200 bytes, so 1024 of them is ~200 KiB. */
  int MAX_BATCH_ENTRIES = 1024;
  /** Most entry bytes in one batch: at least 15 entries of the largest size, and a bounded buffer. */
  int MAX_BATCH_BYTES = 1024 * 1024;
  int MAX_ERROR_REASON_BYTES = 256;

  /** "My newest entry is this one": a hint that the receiver is behind, proved only by the entries. */
  record Head(FeedId feed, long sequence, byte[] entryHash) implements FeedMessage {
    public Head {
      if (sequence < 0) {
        throw new IllegalArgumentException("a head has a sequence number");
      }
      Bytes.requireLength(entryHash, FeedEntry.HASH_LENGTH, "head entry hash");
    }

    public static Head of(FeedEntry entry) {
      return new Head(entry.feed(), entry.sequence(), entry.hash());
    }
  }

  /** "Send me up to {@code maxCount} entries from {@code fromSequence} on." */
  record Request(FeedId feed, long fromSequence, int maxCount) implements FeedMessage {
    public Request {
      if (fromSequence < 0 || maxCount < 1 || maxCount > MAX_BATCH_ENTRIES) {
        throw new IllegalArgumentException("a request is for 1.." + MAX_BATCH_ENTRIES + " entries from sequence ≥ 0");
      }
    }
  }

  /** The reply to a {@link Request}: consecutive entries from the requested sequence; empty if none. */
  record Entries(FeedId feed, List<byte[]> entries) implements FeedMessage {
    public Entries {
      entries = checkBatch(entries);
    }
  }

  /** New entries sent unasked to a subscriber as they are appended or received. */
  record Push(FeedId feed, List<byte[]> entries) implements FeedMessage {
    public Push {
      entries = checkBatch(entries);
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("a push carries entries");
      }
    }
  }

  /** Two validly signed entries of one feed with one sequence number: proof that its author equivocated. */
  record ForkNotice(byte[] first, byte[] second) implements FeedMessage {
    public ForkNotice {
      checkBatch(List.of(first, second));
    }
  }

  /** The sender will not or cannot go on; {@code reason} is for logs, never shown as-is to users. */
  record Error(Code code, String reason) implements FeedMessage {
    public Error {
      dev.samizdat.channels.wire.WireWriter.utf8(reason, MAX_ERROR_REASON_BYTES, "error reason");
    }
  }

  /** Why a peer answered with an {@link Error}. Codes are part of the wire format. */
  enum Code {
    /** This node does not hold the feed, or its policy forbids serving it. */
    NOT_SERVED(1),
    /** The request broke the protocol. */
    BAD_REQUEST(2),
    /** Too many requests; try later or elsewhere. */
    BUSY(3);

    private final int wire;

    Code(int wire) {
      this.wire = wire;
    }

    public int wire() {
      return wire;
    }

    static Code fromWire(int wire) {
      for (Code code : values()) {
        if (code.wire == wire) {
          return code;
        }
      }
      throw new dev.samizdat.crypto.MalformedInputException("unknown feed error code " + wire);
    }
  }

  private static List<byte[]> checkBatch(List<byte[]> entries) {
    if (entries.size() > MAX_BATCH_ENTRIES) {
      throw new IllegalArgumentException("a batch holds at most " + MAX_BATCH_ENTRIES + " entries");
    }
    long total = 0;
    for (byte[] entry : entries) {
      if (entry.length == 0 || entry.length > FeedEntry.MAX_ENCODED_LENGTH) {
        throw new IllegalArgumentException("an entry of " + entry.length + " bytes exceeds "
            + FeedEntry.MAX_ENCODED_LENGTH);
      }
      total += entry.length;
    }
    if (total > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException("a batch of " + total + " bytes exceeds " + MAX_BATCH_BYTES);
    }
    return List.copyOf(entries);
  }
}
