package dev.samizdat.channels.sync;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.MalformedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frame codec of {@code /samizdat/feed/1.0.0}. Each frame is an unsigned-varint length (the
 * multiformats unsigned-varint, as libp2p protocols length-prefix their messages) followed by that
 * many bytes: a type byte and the message.
 *
 * <pre>
 *   frame      = length varint (1..MAX_FRAME_SIZE) | type u8 | body
 *   1 Head     = feed key 32 | sequence u64 | entry hash 32
 *   2 Request  = feed key 32 | from sequence u64 | max count u16 (1..1024)
 *   3 Entries  = feed key 32 | count varint (0..1024) | (length varint | encoded FeedEntry) × count
 *   4 Push     = as Entries, count ≥ 1
 *   5 ForkNotice = length varint | encoded FeedEntry | length varint | encoded FeedEntry
 *   6 Error    = code u8 | reason: u16 length ‖ UTF-8 (≤ 256 bytes)
 * </pre>
 *
 * Pure: bytes in, messages out. {@link #decode} takes one whole frame or nothing.
 */
public final class FeedFrames {
  /**
   * A full batch plus its framing: per entry at most a 3-byte length, per frame a type, a feed key and
   * a count. Anything larger is refused before it is buffered.
   */
  public static final int MAX_FRAME_SIZE = FeedMessage.MAX_BATCH_BYTES + 8 * 1024;
  private static final int MAX_PREFIX_LENGTH = 3;

  private static final int HEAD = 1;
  private static final int REQUEST = 2;
  private static final int ENTRIES = 3;
  private static final int PUSH = 4;
  private static final int FORK_NOTICE = 5;
  private static final int ERROR = 6;

  private FeedFrames() {}

  /** One decoded frame and the bytes it took from the input. */
  public record Decoded(FeedMessage message, int frameLength) {}

  public static byte[] encode(FeedMessage message) {
    WireWriter body = new WireWriter(256);
    if (message instanceof FeedMessage.Head head) {
      body.u8(HEAD).bytes(head.feed().toBytes()).u64(head.sequence()).bytes(head.entryHash());
    } else if (message instanceof FeedMessage.Request request) {
      body.u8(REQUEST).bytes(request.feed().toBytes()).u64(request.fromSequence()).u16(request.maxCount());
    } else if (message instanceof FeedMessage.Entries entries) {
      body.u8(ENTRIES).bytes(entries.feed().toBytes());
      writeBatch(body, entries.entries());
    } else if (message instanceof FeedMessage.Push push) {
      body.u8(PUSH).bytes(push.feed().toBytes());
      writeBatch(body, push.entries());
    } else if (message instanceof FeedMessage.ForkNotice notice) {
      body.u8(FORK_NOTICE).varint(notice.first().length).bytes(notice.first())
          .varint(notice.second().length).bytes(notice.second());
    } else if (message instanceof FeedMessage.Error error) {
      byte[] reason = WireWriter.utf8(error.reason(), FeedMessage.MAX_ERROR_REASON_BYTES, "error reason");
      body.u8(ERROR).u8(error.code().wire()).u16(reason.length).bytes(reason);
    }
    byte[] payload = body.toBytes();
    return new WireWriter(payload.length + MAX_PREFIX_LENGTH).varint(payload.length).bytes(payload).toBytes();
  }

  private static void writeBatch(WireWriter out, List<byte[]> entries) {
    out.varint(entries.size());
    for (byte[] entry : entries) {
      out.varint(entry.length).bytes(entry);
    }
  }

  /**
   * Decodes the frame at the start of {@code buffer[offset, offset + length)}.
   *
   * @return empty when the frame is not complete yet (read more and call again)
   * @throws MalformedInputException when the bytes can never become a valid frame: the peer broke the
   *     protocol and the stream should be reset
   */
  public static Optional<Decoded> decode(byte[] buffer, int offset, int length) {
    long frameLength = 0;
    int prefix = 0;
    while (true) {
      if (prefix == length) {
        return Optional.empty();
      }
      int b = buffer[offset + prefix] & 0xFF;
      frameLength |= (long) (b & 0x7F) << (7 * prefix);
      prefix++;
      if ((b & 0x80) == 0) {
        if (b == 0 && prefix > 1) {
          throw new MalformedInputException("feed frame length is not minimally encoded");
        }
        break;
      }
      if (prefix == MAX_PREFIX_LENGTH) {
        throw new MalformedInputException("feed frame length prefix is too long");
      }
    }
    if (frameLength == 0 || frameLength > MAX_FRAME_SIZE) {
      throw new MalformedInputException("feed frame of " + frameLength + " bytes is outside 1.." + MAX_FRAME_SIZE);
    }
    if (length - prefix < frameLength) {
      return Optional.empty();
    }
    byte[] frame = new byte[(int) frameLength];
    System.arraycopy(buffer, offset + prefix, frame, 0, frame.length);
    return Optional.of(new Decoded(decodeFrame(frame), prefix + frame.length));
  }

  public static Optional<Decoded> decode(byte[] buffer) {
    return decode(buffer, 0, buffer.length);
  }

  /**
   * Decodes a frame without its length prefix, as a reader of length-delimited messages hands it over.
   *
   * @throws MalformedInputException when the bytes are no valid frame
   */
  public static FeedMessage decodeFrame(byte[] frame) {
    if (frame.length == 0 || frame.length > MAX_FRAME_SIZE) {
      throw new MalformedInputException("feed frame of " + frame.length + " bytes is outside 1.." + MAX_FRAME_SIZE);
    }
    WireReader in = new WireReader(frame, "feed frame");
    int type = in.u8();
    try {
      FeedMessage message = switch (type) {
        case HEAD -> new FeedMessage.Head(feed(in), in.nonNegativeU64("sequence"), in.bytes(FeedEntry.HASH_LENGTH));
        case REQUEST -> new FeedMessage.Request(feed(in), in.nonNegativeU64("from sequence"), in.u16());
        case ENTRIES -> new FeedMessage.Entries(feed(in), readBatch(in));
        case PUSH -> new FeedMessage.Push(feed(in), readBatch(in));
        case FORK_NOTICE -> new FeedMessage.ForkNotice(readEntry(in), readEntry(in));
        case ERROR -> new FeedMessage.Error(FeedMessage.Code.fromWire(in.u8()),
            in.utf8(in.u16(), FeedMessage.MAX_ERROR_REASON_BYTES, "error reason"));
        default -> throw new MalformedInputException("unknown feed frame type " + type);
      };
      in.requireEnd();
      return message;
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("invalid feed frame: " + e.getMessage());
    }
  }

  private static FeedId feed(WireReader in) {
    return FeedId.fromBytes(in.bytes(32));
  }

  private static List<byte[]> readBatch(WireReader in) {
    int count = (int) in.varint(FeedMessage.MAX_BATCH_ENTRIES, "entry count");
    List<byte[]> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(readEntry(in));
    }
    return entries;
  }

  private static byte[] readEntry(WireReader in) {
    return in.bytes((int) in.varint(FeedEntry.MAX_ENCODED_LENGTH, "entry length"));
  }
}
