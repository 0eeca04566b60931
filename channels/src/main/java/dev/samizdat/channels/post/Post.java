package dev.samizdat.channels.post;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.MalformedInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@link ContentType#POST} entry, and the new content an {@link Edit} gives a post:
 * text and attachments.
 *
 * <pre>
 *   version u8 = 1 | text: u16 length ‖ UTF-8 | attachment count u8 | {@link BlobRef} × count
 * </pre>
 */
public record Post(String text, List<BlobRef> attachments) {
  /** About 5,000 words: a long article fits, and a post with every attachment stays far below an entry's body limit. */
  public static final int MAX_TEXT_BYTES = 32 * 1024;
  /** An album's worth; each reference costs at most {@link BlobRef#MAX_ENCODED_LENGTH} bytes. */
  public static final int MAX_ATTACHMENTS = 16;
  /** The files of one post together (each at most {@link Blob#MAX_SIZE}): what a reader fetches to see it whole. */
  public static final long MAX_FILES_BYTES = 18L << 20;
  static final int VERSION = 1;
  static final int MAX_ENCODED_LENGTH = 1 + 2 + MAX_TEXT_BYTES + 1 + MAX_ATTACHMENTS * BlobRef.MAX_ENCODED_LENGTH;

  static {
    // Edits carry a post plus a target; both must fit in one entry.
    if (MAX_ENCODED_LENGTH + 64 > FeedEntry.MAX_BODY_LENGTH) {
      throw new AssertionError("a full post does not fit in a feed entry");
    }
  }

  public Post {
    if (text == null) {
      text = "";
    }
    WireWriter.utf8(text, MAX_TEXT_BYTES, "post text");
    if (attachments.size() > MAX_ATTACHMENTS) {
      throw new IllegalArgumentException("a post has at most " + MAX_ATTACHMENTS + " attachments");
    }
    attachments = List.copyOf(attachments);
    if (text.isEmpty() && attachments.isEmpty()) {
      throw new IllegalArgumentException("a post has text or attachments");
    }
  }

  public static Post text(String text) {
    return new Post(text, List.of());
  }

  public byte[] encode() {
    WireWriter out = new WireWriter(256);
    out.u8(VERSION);
    encodeContent(out);
    return out.toBytes();
  }

  public static Post decode(byte[] body) {
    WireReader in = new WireReader(body, "post");
    requireVersion(in, "post");
    Post post = decodeContent(in);
    in.requireEnd();
    return post;
  }

  void encodeContent(WireWriter out) {
    byte[] textBytes = WireWriter.utf8(text, MAX_TEXT_BYTES, "post text");
    out.u16(textBytes.length).bytes(textBytes).u8(attachments.size());
    attachments.forEach(ref -> ref.encode(out));
  }

  static Post decodeContent(WireReader in) {
    String text = in.utf8(in.u16(), MAX_TEXT_BYTES, "post text");
    int count = in.u8();
    if (count > MAX_ATTACHMENTS) {
      throw new MalformedInputException("post has " + count + " attachments, more than " + MAX_ATTACHMENTS);
    }
    List<BlobRef> refs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      refs.add(BlobRef.decode(in));
    }
    try {
      return new Post(text, refs);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("invalid post: " + e.getMessage());
    }
  }

  static void requireVersion(WireReader in, String what) {
    int version = in.u8();
    if (version != VERSION) {
      throw new MalformedInputException(what + " version " + version + " is not supported");
    }
  }
}
