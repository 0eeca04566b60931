package dev.samizdat.channels.feed;

import dev.samizdat.channels.wire.WireCode;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A feed's manifest, the body of its {@link ContentType#MANIFEST} entries (always entry 0; later ones
 * change it): name, description, kind, the keys besides the feed key that may append (co-authors,
 * by the feed key's signed delegation), and the identity keys of its moderators (who receive reports
 * about a blocklist). Only the feed key itself may sign a manifest.
 *
 * <pre>
 *   version u8 = 1 | kind u8 | name: u16 length ‖ UTF-8 | description: u16 length ‖ UTF-8
 *   | author count u8 | 32-byte keys | moderator count u8 | 32-byte keys
 * </pre>
 */
public record Manifest(Kind kind, String name, String description, List<Ed25519PublicKey> authors,
    List<Ed25519PublicKey> moderators) {
  public static final int MAX_NAME_LENGTH = 100;
  public static final int MAX_DESCRIPTION_LENGTH = 2000;
  /** A few co-authors and moderators; more would make every append check a long list. */
  public static final int MAX_KEYS = 32;
  private static final int VERSION = 1;

  public enum Kind implements WireCode {
    CHANNEL(0),
    BLOCKLIST(1);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }

    public static Kind fromCode(int code) {
      return WireCode.fromCode(Kind.class, code, "feed kind");
    }
  }

  public Manifest {
    if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("a name is 1.." + MAX_NAME_LENGTH + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a name may not contain control characters");
    }
    if (description == null) {
      description = "";
    }
    if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
      throw new IllegalArgumentException("a description is at most " + MAX_DESCRIPTION_LENGTH + " characters");
    }
    if (authors.size() > MAX_KEYS || moderators.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a manifest lists at most " + MAX_KEYS + " authors and moderators");
    }
    authors = List.copyOf(authors);
    moderators = List.copyOf(moderators);
  }

  public byte[] encode() {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] descriptionBytes = description.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(2 + 2 + nameBytes.length + 2 + descriptionBytes.length
        + 2 + 32 * (authors.size() + moderators.size()));
    out.put((byte) VERSION).put((byte) kind.code())
        .putShort((short) nameBytes.length).put(nameBytes)
        .putShort((short) descriptionBytes.length).put(descriptionBytes);
    out.put((byte) authors.size());
    authors.forEach(key -> out.put(key.toBytes()));
    out.put((byte) moderators.size());
    moderators.forEach(key -> out.put(key.toBytes()));
    return out.array();
  }

  public static Manifest decode(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      int version = in.get() & 0xFF;
      if (version != VERSION) {
        throw new MalformedInputException("manifest version " + version + " is not supported");
      }
      Kind kind = Kind.fromCode(in.get() & 0xFF);
      String name = text(in, MAX_NAME_LENGTH * 4);
      String description = text(in, MAX_DESCRIPTION_LENGTH * 4);
      List<Ed25519PublicKey> authors = keys(in);
      List<Ed25519PublicKey> moderators = keys(in);
      if (in.hasRemaining()) {
        throw new MalformedInputException("manifest has " + in.remaining() + " trailing bytes");
      }
      return new Manifest(kind, name, description, authors, moderators);
    } catch (BufferUnderflowException e) {
      throw new MalformedInputException("manifest is truncated");
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("manifest is invalid: " + e.getMessage());
    }
  }

  private static String text(ByteBuffer in, int maxBytes) {
    int length = in.getShort() & 0xFFFF;
    if (length > maxBytes || length > in.remaining()) {
      throw new MalformedInputException("manifest text field of " + length + " bytes is too long");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("manifest text is not valid UTF-8");
    }
  }

  private static List<Ed25519PublicKey> keys(ByteBuffer in) {
    int count = in.get() & 0xFF;
    if (count > MAX_KEYS) {
      throw new MalformedInputException("manifest lists " + count + " keys, more than " + MAX_KEYS);
    }
    List<Ed25519PublicKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[32];
      in.get(key);
      keys.add(Ed25519PublicKey.fromBytes(key));
    }
    return keys;
  }
}
