package dev.samizdat.node.channels;

import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The codec of {@code /samizdat/blob/1.0.0}: one request and one answer per stream.
 *
 * <pre>
 *   request = version u8 (1) | blob id 32
 *   answer  = status u8 | (status 0 only) size u32 (0..Blob.MAX_SIZE) | content
 *   status  = 0 here it is, 1 not held, 2 not served (the holder's policy drops it)
 * </pre>
 *
 * Pure: bytes in, values out. The answer's size is checked against {@link Blob#MAX_SIZE} before any
 * buffer for the content is allocated; {@link #decodeAnswer} takes a whole answer or nothing.
 */
final class BlobFrames {
  static final int VERSION = 1;
  static final int REQUEST_LENGTH = 1 + BlobId.LENGTH;
  static final int ANSWER_HEADER_LENGTH = 1 + Integer.BYTES;

  enum Status {
    FOUND, NOT_HELD, NOT_SERVED
  }

  /** A decoded answer; {@code content} is empty unless the status is {@link Status#FOUND}. */
  record Answer(Status status, byte[] content) {}

  private BlobFrames() {}

  static byte[] encodeRequest(BlobId id) {
    return ByteBuffer.allocate(REQUEST_LENGTH).put((byte) VERSION).put(id.toBytes()).array();
  }

  /** The requested id once all {@link #REQUEST_LENGTH} bytes are here; empty while fewer arrived. */
  static Optional<BlobId> decodeRequest(byte[] in, int length) {
    if (length < REQUEST_LENGTH) {
      return Optional.empty();
    }
    if (length > REQUEST_LENGTH) {
      throw new MalformedInputException("a blob request is " + REQUEST_LENGTH + " bytes, got " + length);
    }
    if (in[0] != VERSION) {
      throw new MalformedInputException("unknown blob request version " + (in[0] & 0xff));
    }
    return Optional.of(BlobId.fromBytes(Arrays.copyOfRange(in, 1, REQUEST_LENGTH)));
  }

  static byte[] encodeFound(byte[] content) {
    if (content.length > Blob.MAX_SIZE) {
      throw new IllegalArgumentException("a blob is at most " + Blob.MAX_SIZE + " bytes");
    }
    return ByteBuffer.allocate(ANSWER_HEADER_LENGTH + content.length).put((byte) Status.FOUND.ordinal())
        .putInt(content.length).put(content).array();
  }

  static byte[] encodeRefusal(Status status) {
    if (status == Status.FOUND) {
      throw new IllegalArgumentException("a found blob carries its content");
    }
    return new byte[] {(byte) status.ordinal()};
  }

  /**
   * The size an answer announces, once its header is here, so that the reader can refuse an answer
   * larger than the attachment it asked for before buffering it; empty while too few bytes arrived.
   */
  static Optional<Integer> announcedSize(byte[] in, int length) {
    if (length < 1) {
      return Optional.empty();
    }
    Status status = status(in[0]);
    if (status != Status.FOUND) {
      return Optional.of(0);
    }
    if (length < ANSWER_HEADER_LENGTH) {
      return Optional.empty();
    }
    int size = ByteBuffer.wrap(in, 1, Integer.BYTES).getInt();
    if (size < 0 || size > Blob.MAX_SIZE) {
      throw new MalformedInputException("a blob answer announces " + Integer.toUnsignedString(size)
          + " bytes, more than the limit of " + Blob.MAX_SIZE);
    }
    return Optional.of(size);
  }

  /** The whole answer, or empty while part of it is still to come; trailing bytes are refused. */
  static Optional<Answer> decodeAnswer(byte[] in, int length) {
    Optional<Integer> size = announcedSize(in, length);
    if (size.isEmpty()) {
      return Optional.empty();
    }
    Status status = status(in[0]);
    int whole = status == Status.FOUND ? ANSWER_HEADER_LENGTH + size.get() : 1;
    if (length < whole) {
      return Optional.empty();
    }
    if (length > whole) {
      throw new MalformedInputException("a blob answer has " + (length - whole) + " bytes after its end");
    }
    byte[] content = status == Status.FOUND ? Arrays.copyOfRange(in, ANSWER_HEADER_LENGTH, whole) : new byte[0];
    return Optional.of(new Answer(status, content));
  }

  private static Status status(byte b) {
    int value = b & 0xff;
    if (value >= Status.values().length) {
      throw new MalformedInputException("unknown blob answer status " + value);
    }
    return Status.values()[value];
  }
}
