package dev.samizdat.channels.post;

import dev.samizdat.channels.wire.WireReader;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.MalformedInputException;
import java.util.regex.Pattern;

/**
 * An attachment as a post names it: the blob's id and size (checked when the bytes arrive), its media
 * type and a suggested file name.
 *
 * <pre>
 *   blob id 32 | size u64 | media type: u8 length ‖ ASCII | name: u8 length ‖ UTF-8
 * </pre>
 */
public record BlobRef(BlobId id, long size, String mediaType, String name) {
  /** RFC 6838 §4.2 caps type and subtype at 127 characters each; one field of 127 is ample in practice. */
  public static final int MAX_MEDIA_TYPE_LENGTH = 127;
  /** File names are at most 255 bytes on common file systems. */
  public static final int MAX_NAME_BYTES = 255;
  /** RFC 6838 §4.2 restricted-name characters, lower-cased form not required. */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  public BlobRef {
    if (id == null) {
      throw new IllegalArgumentException("an attachment needs a blob id");
    }
    if (size < 0 || size > Blob.MAX_SIZE) {
      throw new IllegalArgumentException("an attachment is 0.." + Blob.MAX_SIZE + " bytes, not " + size);
    }
    if (mediaType == null || mediaType.length() > MAX_MEDIA_TYPE_LENGTH || !MEDIA_TYPE.matcher(mediaType).matches()) {
      throw new IllegalArgumentException("not a media type: " + mediaType);
    }
    if (name == null) {
      name = "";
    }
    // The node may save an attachment under this name: no path separators, no control characters.
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == '/' || c == '\\') || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("an attachment name may not contain path separators or control characters");
    }
    WireWriter.utf8(name, MAX_NAME_BYTES, "attachment name");
  }

  /** The most bytes one reference takes on the wire. */
  static final int MAX_ENCODED_LENGTH = BlobId.LENGTH + 8 + 1 + MAX_MEDIA_TYPE_LENGTH + 1 + MAX_NAME_BYTES;

  void encode(WireWriter out) {
    byte[] type = mediaType.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] nameBytes = WireWriter.utf8(name, MAX_NAME_BYTES, "attachment name");
    out.bytes(id.toBytes()).u64(size).u8(type.length).bytes(type).u8(nameBytes.length).bytes(nameBytes);
  }

  static BlobRef decode(WireReader in) {
    BlobId id = BlobId.requireValid(in.bytes(BlobId.LENGTH));
    long size = in.nonNegativeU64("attachment size");
    String type = in.utf8(in.u8(), MAX_MEDIA_TYPE_LENGTH, "media type");
    String name = in.utf8(in.u8(), MAX_NAME_BYTES, "attachment name");
    try {
      return new BlobRef(id, size, type, name);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("invalid attachment: " + e.getMessage());
    }
  }
}
