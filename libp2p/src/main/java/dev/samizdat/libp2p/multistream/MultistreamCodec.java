package dev.samizdat.libp2p.multistream;

import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

/**
 * multistream-select 1.0.0 messages (github.com/multiformats/multistream-select; libp2p specs
 * connections/README.md, "multistream-select"):
 *
 * <pre>
 *   varint length ‖ UTF-8 text ‖ '\n'        length counts the text and the newline
 * </pre>
 *
 * A pure codec: no I/O, one message or nothing per call.
 */
public final class MultistreamCodec {
  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  /** "Not available": the listener's answer to a protocol it does not support. */
  public static final String NA = "na";
  /** A request for the listener's protocol list. */
  public static final String LS = "ls";
  /**
   * Longest message we read or write, newline included. Protocol ids are short paths (the longest
   * in common use are under 40 bytes); go- and js-multistream use this same bound.
   */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private MultistreamCodec() {}

  /**
   * Encodes one message.
   *
   * @throws IllegalArgumentException for an empty text, one containing a newline, or one longer than
   *     {@link #MAX_MESSAGE_LENGTH} with its newline
   */
  public static byte[] encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 2);
    encode(text, out);
    return out.toByteArray();
  }

  public static void encode(String text, ByteArrayOutputStream out) {
    byte[] bytes = requireValidText(text);
    Varint.write(bytes.length + 1, out);
    out.write(bytes, 0, bytes.length);
    out.write('\n');
  }

  /**
   * The answer to {@code ls}: one message whose body is the protocols, each encoded as a message,
   * followed by a newline (multistream-select README, "ls example in detail"). It may exceed {@link
   * #MAX_MESSAGE_LENGTH}: we write it, never read it.
   */
  public static byte[] encodeList(Collection<String> protocols) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String protocol : protocols) {
      encode(protocol, body);
    }
    body.write('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 3);
    Varint.write(body.size(), out);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** Checks that {@code text} can be sent as a message; returns its UTF-8 bytes. */
  static byte[] requireValidText(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("multistream message must not be empty");
    }
    if (text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("multistream message must not contain a newline");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length + 1 > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "multistream message of " + (bytes.length + 1) + " bytes is longer than " + MAX_MESSAGE_LENGTH);
    }
    return bytes;
  }

  /**
   * Decodes the message at {@code in}'s position and moves past it. Returns empty, the position
   * unchanged, when {@code in} ends before the message does.
   *
   * @throws ProtocolViolationException for a malformed length, an empty or over-long message, one
   *     not ending in a newline or not UTF-8
   */
  public static Optional<String> decode(ByteBuffer in) {
    int start = in.position();
    long length = Varint.read(in);
    if (length < 0) {
      return Optional.empty();
    }
    if (length == 0) {
      throw new ProtocolViolationException("empty multistream message");
    }
    if (length > MAX_MESSAGE_LENGTH) {
      throw new ProtocolViolationException(
          "multistream message of " + length + " bytes is longer than " + MAX_MESSAGE_LENGTH);
    }
    if (in.remaining() < length) {
      in.position(start);
      return Optional.empty();
    }
    int textLength = (int) length - 1;
    ByteBuffer text = in.slice().limit(textLength);
    in.position(in.position() + textLength);
    if (in.get() != '\n') {
      throw new ProtocolViolationException("multistream message does not end in a newline");
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(text)
          .toString());
    } catch (CharacterCodingException e) {
      throw new ProtocolViolationException("multistream message is not UTF-8");
    }
  }
}
