package dev.samizdat.channels.post;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.AuthenticationException;

/**
 * A post's attachment: immutable bytes named by their {@link BlobId}, fetched from whichever peer
 * holds them and trusted only after {@link #verify}.
 */
public final class Blob {
  /**
   * 16 MiB: a photo, a document or a short clip. Larger media would need chunking so that a fetch can
   * resume and memory stays bounded; v1 has none, so a holder never buffers more than this.
   */
  public static final int MAX_SIZE = 16 * 1024 * 1024;

  private final BlobId id;
  private final byte[] content;

  private Blob(BlobId id, byte[] content) {
    this.id = id;
    this.content = content;
  }

  /** Makes a blob of local content (the author attaching a file). */
  public static Blob of(byte[] content) {
    if (content.length > MAX_SIZE) {
      throw new FeedException("a blob of " + content.length + " bytes exceeds the limit of " + MAX_SIZE);
    }
    byte[] copy = content.clone();
    return new Blob(BlobId.of(copy), copy);
  }

  /**
   * Accepts bytes received from a peer for {@code expected}: the size must be what the post's {@link
   * BlobRef} announced and the content must hash to its id.
   *
   * @throws AuthenticationException when the content is not the blob asked for (the peer lied)
   */
  public static Blob verify(BlobRef expected, byte[] received) {
    if (received.length != expected.size()) {
      throw new AuthenticationException("received " + received.length + " bytes for " + expected.id()
          + " of " + expected.size() + " bytes");
    }
    byte[] copy = received.clone();
    if (!expected.id().matches(copy)) {
      throw new AuthenticationException("received content does not hash to " + expected.id());
    }
    return new Blob(expected.id(), copy);
  }

  public BlobId id() {
    return id;
  }

  public int size() {
    return content.length;
  }

  public byte[] content() {
    return content.clone();
  }

  /** A reference to this blob for a post. */
  public BlobRef ref(String mediaType, String name) {
    return new BlobRef(id, content.length, mediaType, name);
  }
}
