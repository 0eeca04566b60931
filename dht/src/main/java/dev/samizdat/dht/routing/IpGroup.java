package dev.samizdat.dht.routing;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The network a peer's address belongs to, for the routing table's diversity limit: the /24 of an
 * IPv4 address, the /48 of an IPv6 address (what one operator typically controls), or {@link #NONE}
 * for addresses without an IP (DNS names, relays). Read from the first component of a binary
 * multiaddr (multiformats/multiaddr: varint protocol code, then the address).
 */
public record IpGroup(String name, boolean loopback) {
  /** Multicodec of /ip4 (4 address bytes follow). */
  static final int IP4 = 0x04;
  /** Multicodec of /ip6 (16 address bytes follow). */
  static final int IP6 = 0x29;

  public static final IpGroup NONE = new IpGroup("no-ip", false);

  /** The distinct groups of a peer's addresses; {@link #NONE} only when none has an IP. */
  public static Set<IpGroup> of(List<byte[]> multiaddrs) {
    Set<IpGroup> groups = new LinkedHashSet<>();
    for (byte[] a : multiaddrs) {
      IpGroup g = ofMultiaddr(a);
      if (g != NONE) {
        groups.add(g);
      }
    }
    if (groups.isEmpty()) {
      groups.add(NONE);
    }
    return groups;
  }

  /** The group of one binary multiaddr. Never throws: malformed input yields {@link #NONE}. */
  public static IpGroup ofMultiaddr(byte[] multiaddr) {
    if (multiaddr.length >= 5 && multiaddr[0] == IP4) {
      boolean loopback = (multiaddr[1] & 0xFF) == 127;
      return new IpGroup("ip4/" + HexFormat.of().formatHex(multiaddr, 1, 4), loopback);
    }
    if (multiaddr.length >= 17 && multiaddr[0] == IP6) {
      byte[] addr = Arrays.copyOfRange(multiaddr, 1, 17);
      boolean loopback = isIp6Loopback(addr);
      return new IpGroup("ip6/" + HexFormat.of().formatHex(addr, 0, 6), loopback);
    }
    return NONE;
  }

  private static boolean isIp6Loopback(byte[] addr) {
    for (int i = 0; i < 15; i++) {
      if (addr[i] != 0) {
        return false;
      }
    }
    return addr[15] == 1;
  }
}
