package dev.samizdat.node.channels;

import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.wire.WireCode;
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
 *   status  = 0 here it is, 1 not held, 2 not served (the holder's policy drops it),
 *             3 busy (the holder serves as many blobs as it will, or as many to this peer: ask later)
 * </pre>
 *
 * Pure: bytes in, values out. The answer's size is checked against {@link Blob#MAX_SIZE} and the size
 * asked for before any buffer for the content is allocated; {@link AnswerDecoder} gives a whole answer or
 * nothing.
 */
final class BlobFrames {
  static final int VERSION = 1;
  static final int REQUEST_LENGTH = 1 + BlobId.LENGTH;
  static final int ANSWER_HEADER_LENGTH = 1 + Integer.BYTES;

  enum Status implements WireCode {
    FOUND(0), NOT_HELD(1), NOT_SERVED(2), BUSY(3);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }

    static Status fromCode(int code) {
      return WireCode.fromCode(Status.class, code, "blob answer status");
    }
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
    return ByteBuffer.allocate(ANSWER_HEADER_LENGTH + content.length).put(encodeFoundHeader(content.length))
        .put(content).array();
  }

  /** The header of a found blob's answer, which its {@code size} bytes of content follow. */
  static byte[] encodeFoundHeader(int size) {
    if (size < 0 || size > Blob.MAX_SIZE) {
      throw new IllegalArgumentException("a blob is at most " + Blob.MAX_SIZE + " bytes");
    }
    return ByteBuffer.allocate(ANSWER_HEADER_LENGTH).put((byte) Status.FOUND.code()).putInt(size).array();
  }

  static byte[] encodeRefusal(Status status) {
    if (status == Status.FOUND) {
      throw new IllegalArgumentException("a found blob carries its content");
    }
    return new byte[] {(byte) status.code()};
  }

  /**
   * Decodes one answer as its bytes arrive. The header is gathered first; once it announces the size,
   * the content goes straight into one array of that size, which becomes the answer's content: each
   * byte is copied once, however the stream splits the answer. Pure, and not thread-safe: one per stream.
   */
  static final class AnswerDecoder {
    private final long largestAccepted;
    private final byte[] header = new byte[ANSWER_HEADER_LENGTH];
    private int headerLength;
    /** Allocated once the header is whole: the announced size, or empty for a refusal. */
    private byte[] content;
    private int contentLength;
    private boolean answered;

    /**
     * @param largestAccepted the size of the blob asked for: an answer announcing more is refused from
     *     its header, before anything is allocated for it
     */
    AnswerDecoder(long largestAccepted) {
      this.largestAccepted = largestAccepted;
    }

    /**
     * Takes the next bytes of the stream; the whole answer once its last byte is here, else empty.
     * Bytes after the end of the answer are refused.
     */
    Optional<Answer> feed(byte[] data) {
      int at = 0;
      while (content == null && at < data.length) {
        header[headerLength++] = data[at++];
        if (headerLength == 1 && status(header[0]) != Status.FOUND) {
          content = new byte[0]; // a refusal is its status byte alone
        } else if (headerLength == ANSWER_HEADER_LENGTH) {
          content = new byte[announcedSize()];
        }
      }
      if (content == null) {
        return Optional.empty();
      }
      int taken = Math.min(data.length - at, content.length - contentLength);
      System.arraycopy(data, at, content, contentLength, taken);
      contentLength += taken;
      at += taken;
      if (at < data.length) {
        throw new MalformedInputException("a blob answer has " + (data.length - at) + " bytes after its end");
      }
      if (contentLength < content.length || answered) {
        return Optional.empty();
      }
      answered = true;
      return Optional.of(new Answer(status(header[0]), content));
    }

    private int announcedSize() {
      int size = ByteBuffer.wrap(header, 1, Integer.BYTES).getInt();
      if (size < 0 || size > Blob.MAX_SIZE) {
        throw new MalformedInputException("a blob answer announces " + Integer.toUnsignedString(size)
            + " bytes, more than the limit of " + Blob.MAX_SIZE);
      }
      if (size > largestAccepted) {
        throw new MalformedInputException("a blob answer announces " + size + " bytes for a blob of "
            + largestAccepted);
      }
      return size;
    }
  }

  private static Status status(byte b) {
    return Status.fromCode(b & 0xff);
  }
}
