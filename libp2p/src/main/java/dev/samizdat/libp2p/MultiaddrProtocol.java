package dev.samizdat.libp2p;

import java.util.HashMap;
import java.util.Map;

/**
 * The multiaddr protocols we understand, with their codes and names from the multiaddr protocol
 * table (github.com/multiformats/multiaddr, protocols.csv; codes from multicodec's table.csv). A
 * multiaddr naming any other protocol is rejected: we could neither print nor dial it.
 */
public enum MultiaddrProtocol {
  IP4(4, "ip4", Value.IP4),
  TCP(6, "tcp", Value.PORT),
  UDP(273, "udp", Value.PORT),
  IP6(41, "ip6", Value.IP6),
  IP6ZONE(42, "ip6zone", Value.TEXT),
  IPCIDR(43, "ipcidr", Value.CIDR),
  DNS(53, "dns", Value.TEXT),
  DNS4(54, "dns4", Value.TEXT),
  DNS6(55, "dns6", Value.TEXT),
  DNSADDR(56, "dnsaddr", Value.TEXT),
  P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", Value.NONE),
  WEBRTC_DIRECT(280, "webrtc-direct", Value.NONE),
  WEBRTC(281, "webrtc", Value.NONE),
  P2P_CIRCUIT(290, "p2p-circuit", Value.NONE),
  /** Printed {@code p2p}; {@code ipfs} is accepted as its old name. */
  P2P(421, "p2p", Value.PEER_ID),
  HTTPS(443, "https", Value.NONE),
  TLS(448, "tls", Value.NONE),
  SNI(449, "sni", Value.TEXT),
  NOISE(454, "noise", Value.NONE),
  QUIC(460, "quic", Value.NONE),
  QUIC_V1(461, "quic-v1", Value.NONE),
  WEBTRANSPORT(465, "webtransport", Value.NONE),
  CERTHASH(466, "certhash", Value.MULTIHASH),
  WS(477, "ws", Value.NONE),
  WSS(478, "wss", Value.NONE),
  HTTP(480, "http", Value.NONE);

  /** How a protocol's value is encoded; fixed-size kinds carry no length prefix. */
  enum Value {
    NONE(0),
    IP4(4),
    IP6(16),
    PORT(2),
    CIDR(1),
    /** UTF-8 text without '/', length-prefixed: host names, zones, SNI. */
    TEXT(-1),
    /** A peer id multihash, length-prefixed; text form base58btc or CID. */
    PEER_ID(-1),
    /** A multihash, length-prefixed; text form multibase (printed base64url). */
    MULTIHASH(-1);

    final int fixedLength;

    Value(int fixedLength) {
      this.fixedLength = fixedLength;
    }
  }

  private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();
  private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

  static {
    for (MultiaddrProtocol p : values()) {
      BY_CODE.put(p.code, p);
      BY_NAME.put(p.multicodecName, p);
    }
    BY_NAME.put("ipfs", P2P);
  }

  private final int code;
  private final String multicodecName;
  final Value value;

  MultiaddrProtocol(int code, String multicodecName, Value value) {
    this.code = code;
    this.multicodecName = multicodecName;
    this.value = value;
  }

  public int code() {
    return code;
  }

  /** The name in the text form, e.g. {@code quic-v1}. */
  public String multicodecName() {
    return multicodecName;
  }

  public boolean hasValue() {
    return value != Value.NONE;
  }

  /** @throws IllegalArgumentException for a code we do not support */
  public static MultiaddrProtocol ofCode(long code) {
    MultiaddrProtocol p = code <= Integer.MAX_VALUE ? BY_CODE.get((int) code) : null;
    if (p == null) {
      throw new IllegalArgumentException("unsupported multiaddr protocol code " + code + " (0x" + Long.toHexString(code) + ")");
    }
    return p;
  }

  /** @throws IllegalArgumentException for a name we do not support */
  public static MultiaddrProtocol ofName(String name) {
    MultiaddrProtocol p = BY_NAME.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unsupported multiaddr protocol '" + abbreviate(name) + "'");
    }
    return p;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
