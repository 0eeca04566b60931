package dev.samizdat.libp2p;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Converts one component's value between its text and binary forms, validating both. */
final class MultiaddrValues {
  /** DNS names are at most 253 characters (RFC 1035 section 2.3.4); zones and SNI are shorter. */
  static final int MAX_TEXT_VALUE_LENGTH = 255;

  private MultiaddrValues() {}

  /** @throws IllegalArgumentException when {@code text} is not a valid value for {@code protocol} */
  static byte[] fromText(MultiaddrProtocol protocol, String text) {
    return switch (protocol.value) {
      case NONE -> throw new IllegalStateException(protocol + " has no value");
      case IP4 -> IpText.parseIp4(text);
      case IP6 -> IpText.parseIp6(text);
      case PORT -> {
        int port = parseDecimal(text, 65535, protocol);
        yield new byte[] {(byte) (port >>> 8), (byte) port};
      }
      case CIDR -> new byte[] {(byte) parseDecimal(text, 255, protocol)};
      case TEXT -> {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        validate(protocol, bytes);
        yield bytes;
      }
      case PEER_ID -> PeerId.parse(text).toBytes();
      case MULTIHASH -> Multihash.fromBytes(Multibase.decode(text)).toBytes();
    };
  }

  /** @throws IllegalArgumentException when {@code value} is not valid for {@code protocol} */
  static void validate(MultiaddrProtocol protocol, byte[] value) {
    int fixed = protocol.value.fixedLength;
    if (fixed >= 0 && value.length != fixed) {
      throw new IllegalArgumentException(
          "/" + protocol.multicodecName() + " needs " + fixed + " value bytes, not " + value.length);
    }
    switch (protocol.value) {
      case TEXT -> {
        if (value.length == 0 || value.length > MAX_TEXT_VALUE_LENGTH) {
          throw new IllegalArgumentException("/" + protocol.multicodecName() + " value must be 1 to "
              + MAX_TEXT_VALUE_LENGTH + " bytes, not " + value.length);
        }
        String text = decodeUtf8(protocol, value);
        if (text.indexOf('/') >= 0) {
          throw new IllegalArgumentException("/" + protocol.multicodecName() + " value contains '/'");
        }
      }
      case PEER_ID -> PeerId.fromBytes(value);
      case MULTIHASH -> Multihash.fromBytes(value);
      default -> { }
    }
  }

  static String toText(MultiaddrProtocol protocol, byte[] value) {
    return switch (protocol.value) {
      case NONE -> "";
      case IP4 -> IpText.formatIp4(value, 0);
      case IP6 -> IpText.formatIp6(value);
      case PORT -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case CIDR -> Integer.toString(value[0] & 0xFF);
      case TEXT -> new String(value, StandardCharsets.UTF_8);
      case PEER_ID -> Base58.encode(value);
      case MULTIHASH -> Multibase.encodeBase64Url(value);
    };
  }

  private static int parseDecimal(String text, int max, MultiaddrProtocol protocol) {
    if (text.isEmpty() || text.length() > 5) {
      throw new IllegalArgumentException("'" + text + "' is not a valid /" + protocol.multicodecName() + " value");
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("'" + text + "' is not a valid /" + protocol.multicodecName() + " value");
      }
      value = value * 10 + (c - '0');
    }
    if (value > max) {
      throw new IllegalArgumentException(
          "/" + protocol.multicodecName() + " value " + value + " is larger than " + max);
    }
    return value;
  }

  private static String decodeUtf8(MultiaddrProtocol protocol, byte[] value) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("/" + protocol.multicodecName() + " value is not UTF-8");
    }
  }
}
