package dev.samizdat.libp2p;

/**
 * Text forms of IP addresses without any name lookup (unlike {@code InetAddress.getByName}, which
 * would resolve a host name hidden in an address string). IPv4 is strict dotted decimal without
 * leading zeros (they read as octal elsewhere); IPv6 follows RFC 4291 section 2.2 and prints as
 * RFC 5952 recommends, IPv4-mapped addresses with a dotted tail.
 */
final class IpText {
  private IpText() {}

  static byte[] parseIp4(String text) {
    byte[] out = new byte[4];
    if (!parseIp4Into(text, out, 0)) {
      throw new IllegalArgumentException("'" + text + "' is not a dotted-decimal IPv4 address");
    }
    return out;
  }

  private static boolean parseIp4Into(String text, byte[] out, int offset) {
    int part = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i < text.length() && text.charAt(i) != '.') {
        continue;
      }
      if (part == 4) {
        return false;
      }
      int length = i - start;
      if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
        return false;
      }
      int value = 0;
      for (int j = start; j < i; j++) {
        char c = text.charAt(j);
        if (c < '0' || c > '9') {
          return false;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return false;
      }
      out[offset + part++] = (byte) value;
      start = i + 1;
    }
    return part == 4;
  }

  static byte[] parseIp6(String text) {
    byte[] out = new byte[16];
    if (!parseIp6Into(text, out)) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
    }
    return out;
  }

  private static boolean parseIp6Into(String text, byte[] out) {
    if (text.length() < 2 || text.length() > 45) {
      return false;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    byte[] headBytes = new byte[16];
    byte[] tailBytes = new byte[16];
    int headLength = parseGroups(head, headBytes, gap < 0);
    int tailLength = parseGroups(tail, tailBytes, true);
    if (headLength < 0 || tailLength < 0) {
      return false;
    }
    if (gap < 0) {
      if (headLength != 16) {
        return false;
      }
      System.arraycopy(headBytes, 0, out, 0, 16);
      return true;
    }
    // "::" stands for at least one zero group.
    if (headLength + tailLength > 14) {
      return false;
    }
    System.arraycopy(headBytes, 0, out, 0, headLength);
    System.arraycopy(tailBytes, 0, out, 16 - tailLength, tailLength);
    return true;
  }

  /** Parses colon-separated hex groups (the last may be dotted IPv4); returns bytes or -1. */
  private static int parseGroups(String text, byte[] out, boolean mayEndInIp4) {
    if (text.isEmpty()) {
      return 0;
    }
    int length = 0;
    int start = 0;
    while (true) {
      int colon = text.indexOf(':', start);
      int end = colon < 0 ? text.length() : colon;
      String group = text.substring(start, end);
      if (colon < 0 && mayEndInIp4 && group.indexOf('.') >= 0) {
        if (length > 12 || !parseIp4Into(group, out, length)) {
          return -1;
        }
        return length + 4;
      }
      if (group.isEmpty() || group.length() > 4 || length > 14) {
        return -1;
      }
      int value = 0;
      for (int i = 0; i < group.length(); i++) {
        int digit = Character.digit(group.charAt(i), 16);
        if (digit < 0 || group.charAt(i) > 'f') {
          return -1;
        }
        value = (value << 4) | digit;
      }
      out[length++] = (byte) (value >>> 8);
      out[length++] = (byte) value;
      if (colon < 0) {
        return length;
      }
      start = colon + 1;
    }
  }

  static String formatIp4(byte[] address, int offset) {
    return (address[offset] & 0xFF) + "." + (address[offset + 1] & 0xFF) + "."
        + (address[offset + 2] & 0xFF) + "." + (address[offset + 3] & 0xFF);
  }

  static String formatIp6(byte[] address) {
    if (isIp4Mapped(address)) {
      return "::ffff:" + formatIp4(address, 12);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    // RFC 5952 section 4.2: compress the longest run of two or more zero groups, the first on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /** {@code ::ffff:0:0/96}. */
  static boolean isIp4Mapped(byte[] address) {
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
  }
}
