package dev.samizdat.libp2p;

import java.util.Locale;

/** Classifies the host component of a multiaddr; no name is ever looked up. */
final class IpRanges {
  private IpRanges() {}

  static boolean isLoopback(Multiaddr.Component host) {
    byte[] a = host.value();
    return switch (host.protocol()) {
      case IP4 -> a[0] == 127;
      case IP6 -> isIp6Loopback(a) || (IpText.isIp4Mapped(a) && a[12] == 127);
      case DNS, DNS4, DNS6 -> isLocalhostName(host.valueText());
      default -> false;
    };
  }

  static boolean isPrivate(Multiaddr.Component host) {
    if (isLoopback(host)) {
      return true;
    }
    byte[] a = host.value();
    return switch (host.protocol()) {
      case IP4 -> isPrivateIp4(a, 0);
      case IP6 -> (IpText.isIp4Mapped(a) && isPrivateIp4(a, 12))
          || (a[0] & 0xFE) == 0xFC // fc00::/7 unique local
          || ((a[0] & 0xFF) == 0xFE && (a[1] & 0xC0) == 0x80); // fe80::/10 link local
      default -> false;
    };
  }

  private static boolean isPrivateIp4(byte[] a, int o) {
    int b0 = a[o] & 0xFF;
    int b1 = a[o + 1] & 0xFF;
    return b0 == 10
        || (b0 == 172 && (b1 & 0xF0) == 16)
        || (b0 == 192 && b1 == 168)
        || (b0 == 100 && (b1 & 0xC0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (b0 == 169 && b1 == 254);
  }

  private static boolean isIp6Loopback(byte[] a) {
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  /** RFC 6761 section 6.3: {@code localhost} and its subdomains are the loopback interface. */
  private static boolean isLocalhostName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    return n.equals("localhost") || n.endsWith(".localhost");
  }
}
