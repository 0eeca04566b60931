package dev.samizdat.channels.post;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;

/**
 * The body of an {@link ContentType#EDIT} entry: the post it replaces the content of, and the new
 * content in full (not a diff, so that the latest edit alone says what a reader sees).
 *
 * <pre>
 *   version u8 = 1 | {@link PostRef} | text and attachments as in {@link Post}
 * </pre>
 */
public record Edit(PostRef target, Post replacement) {
  public Edit {
    if (target == null || replacement == null) {
      throw new IllegalArgumentException("an edit needs a target and new content");
    }
  }

  public byte[] encode() {
    WireWriter out = new WireWriter(256);
    out.u8(Post.VERSION);
    PostRef.encode(target, out);
    replacement.encodeContent(out);
    return out.toBytes();
  }

  public static Edit decode(byte[] body) {
    WireReader in = new WireReader(body, "edit");
    Post.requireVersion(in, "edit");
    PostRef target = PostRef.decode(in);
    Post replacement = Post.decodeContent(in);
    in.requireEnd();
    return new Edit(target, replacement);
  }
}
