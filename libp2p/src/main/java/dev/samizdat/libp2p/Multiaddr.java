package dev.samizdat.libp2p;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr (github.com/multiformats/multiaddr): a path of protocol components such as {@code
 * /ip4/192.0.2.42/tcp/443/p2p/12D3KooW…}. Binary form: {@code (varint code ‖ value)+}, the value
 * fixed-size or prefixed with a varint length according to the protocol. Immutable; equality is
 * over the binary form (so {@code /ipfs/…} equals {@code /p2p/…}).
 *
 * <p>Only the protocols of {@link MultiaddrProtocol} are accepted. Malformed input, text or binary,
 * raises {@link IllegalArgumentException} naming what is wrong; a protocol codec that received the
 * bytes from a peer reports that as its own protocol violation.
 */
public final class Multiaddr {
  /** Real addresses are well under 200 bytes; a kilobyte bounds what a peer can make us hold. */
  public static final int MAX_BYTES = 1024;
  /**
   * The longest text a {@link #MAX_BYTES} address can print to: {@code /p2p-webrtc-direct} spends
   * 18 characters on 2 bytes. Every address we print parses again.
   */
  public static final int MAX_TEXT_LENGTH = 9 * MAX_BYTES;

  /** One protocol and its value (empty for protocols without one). */
  public record Component(MultiaddrProtocol protocol, byte[] value) {
    /** @throws IllegalArgumentException when {@code value} is not valid for {@code protocol} */
    public Component {
      value = value.clone();
      MultiaddrValues.validate(protocol, value);
    }

    public static Component of(MultiaddrProtocol protocol, String textValue) {
      return new Component(protocol, MultiaddrValues.fromText(protocol, textValue));
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The value as the text form prints it; empty for protocols without a value. */
    public String valueText() {
      return MultiaddrValues.toText(protocol, value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component other && protocol == other.protocol && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return 31 * protocol.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      String name = "/" + protocol.multicodecName();
      return protocol.hasValue() ? name + "/" + valueText() : name;
    }
  }

  private final List<Component> components;
  private final byte[] bytes;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      Varint.write(c.protocol().code(), out);
      byte[] value = c.value;
      if (c.protocol().value.fixedLength < 0) {
        Varint.write(value.length, out);
      }
      out.write(value, 0, value.length);
    }
    this.bytes = out.toByteArray();
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("multiaddr of " + bytes.length + " bytes is longer than " + MAX_BYTES);
    }
  }

  /** A multiaddr of the given components; empty is allowed here (it prints as {@code /}). */
  public static Multiaddr of(List<Component> components) {
    return new Multiaddr(components);
  }

  /**
   * Parses the text form. Trailing slashes are ignored; {@code /ipfs/} reads as {@code /p2p/}; peer
   * ids may be base58btc or CIDs.
   *
   * @throws IllegalArgumentException for empty or malformed text or an unsupported protocol
   */
  public static Multiaddr parse(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("multiaddr text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("multiaddr '" + abbreviate(text) + "' does not begin with '/'");
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      throw new IllegalArgumentException("empty multiaddr");
    }
    String[] parts = text.substring(1, end).split("/", -1);
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      MultiaddrProtocol protocol = MultiaddrProtocol.ofName(parts[i]);
      if (!protocol.hasValue()) {
        components.add(new Component(protocol, new byte[0]));
        continue;
      }
      if (++i == parts.length) {
        throw new IllegalArgumentException("multiaddr '" + abbreviate(text) + "' ends without a value for /"
            + protocol.multicodecName());
      }
      try {
        components.add(Component.of(protocol, parts[i]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid /" + protocol.multicodecName() + " value '"
            + abbreviate(parts[i]) + "': " + e.getMessage());
      }
    }
    return new Multiaddr(components);
  }

  /**
   * Parses the binary form, which must hold at least one component and nothing after the last.
   *
   * @throws IllegalArgumentException for empty, truncated or over-long input, a malformed varint or
   *     value, or an unsupported protocol code
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty multiaddr");
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("multiaddr of " + bytes.length + " bytes is longer than " + MAX_BYTES);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    List<Component> components = new ArrayList<>();
    while (buffer.hasRemaining()) {
      MultiaddrProtocol protocol = MultiaddrProtocol.ofCode(readVarint(buffer));
      int length = protocol.value.fixedLength;
      if (length < 0) {
        long declared = readVarint(buffer);
        if (declared > buffer.remaining()) {
          throw new IllegalArgumentException("/" + protocol.multicodecName() + " value says " + declared
              + " bytes but " + buffer.remaining() + " remain");
        }
        length = (int) declared;
      } else if (length > buffer.remaining()) {
        throw new IllegalArgumentException("/" + protocol.multicodecName() + " value needs " + length
            + " bytes but " + buffer.remaining() + " remain");
      }
      byte[] value = new byte[length];
      buffer.get(value);
      try {
        components.add(new Component(protocol, value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid /" + protocol.multicodecName() + " value: " + e.getMessage());
      }
    }
    return new Multiaddr(components);
  }

  private static long readVarint(ByteBuffer buffer) {
    try {
      return Varint.readComplete(buffer);
    } catch (ProtocolViolationException e) {
      throw new IllegalArgumentException("malformed multiaddr: " + e.getMessage());
    }
  }

  public List<Component> components() {
    return components;
  }

  public boolean isEmpty() {
    return components.isEmpty();
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** This address followed by {@code other}'s components. */
  public Multiaddr encapsulate(Multiaddr other) {
    List<Component> all = new ArrayList<>(components);
    all.addAll(other.components);
    return new Multiaddr(all);
  }

  /** The peer named by the last component, when it is {@code /p2p} (the target of a relay address). */
  public Optional<PeerId> peerId() {
    if (components.isEmpty()) {
      return Optional.empty();
    }
    Component last = components.get(components.size() - 1);
    return last.protocol() == MultiaddrProtocol.P2P
        ? Optional.of(PeerId.fromBytes(last.value))
        : Optional.empty();
  }

  /** This address without its final {@code /p2p} component, if it has one. */
  public Multiaddr withoutP2p() {
    return peerId().isPresent() ? new Multiaddr(components.subList(0, components.size() - 1)) : this;
  }

  /**
   * This address ending in {@code /p2p/<peer>}.
   *
   * @throws IllegalArgumentException when it already ends in a different peer
   */
  public Multiaddr withP2p(PeerId peer) {
    Optional<PeerId> existing = peerId();
    if (existing.isPresent()) {
      if (existing.get().equals(peer)) {
        return this;
      }
      throw new IllegalArgumentException("multiaddr " + this + " already names peer " + existing.get());
    }
    List<Component> all = new ArrayList<>(components);
    all.add(new Component(MultiaddrProtocol.P2P, peer.toBytes()));
    return new Multiaddr(all);
  }

  /**
   * The socket address of a {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp|udp/<port>} prefix: resolved
   * for IP addresses (no lookup happens), unresolved for DNS names. Empty for other addresses.
   */
  public Optional<InetSocketAddress> toInetSocketAddress() {
    if (components.size() < 2) {
      return Optional.empty();
    }
    Component host = components.get(0);
    Component transport = components.get(1);
    if (transport.protocol() != MultiaddrProtocol.TCP && transport.protocol() != MultiaddrProtocol.UDP) {
      return Optional.empty();
    }
    int port = Integer.parseInt(transport.valueText());
    return switch (host.protocol()) {
      case IP4, IP6 -> Optional.of(new InetSocketAddress(inetAddress(host.value), port));
      case DNS, DNS4, DNS6 -> Optional.of(InetSocketAddress.createUnresolved(host.valueText(), port));
      default -> Optional.empty();
    };
  }

  /**
   * Whether this is a plain TCP address, {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} with at
   * most a {@code /p2p} after it: what a TCP transport can dial.
   */
  public boolean isPlainTcp() {
    List<Component> rest = withoutP2p().components;
    return rest.size() == 2 && rest.get(1).protocol() == MultiaddrProtocol.TCP
        && switch (rest.get(0).protocol()) {
          case IP4, IP6, DNS, DNS4, DNS6 -> true;
          default -> false;
        };
  }

  /** Whether the first component is a loopback address: 127.0.0.0/8, ::1, or {@code localhost}. */
  public boolean isLoopback() {
    return !components.isEmpty() && IpRanges.isLoopback(components.get(0));
  }

  /** Whether the first component is the unspecified address, 0.0.0.0 or ::: "every interface" to a listener. */
  public boolean isUnspecified() {
    if (components.isEmpty()) {
      return false;
    }
    Component host = components.get(0);
    if (host.protocol() != MultiaddrProtocol.IP4 && host.protocol() != MultiaddrProtocol.IP6) {
      return false;
    }
    for (byte b : host.value()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * This address with an unspecified IP replaced by the IP of {@code observed} (the address a
   * connection came from), when both are of one family; otherwise unchanged. A peer listening on
   * 0.0.0.0 is reached where it connected from.
   */
  public Multiaddr withUnspecifiedIpFrom(Multiaddr observed) {
    if (!isUnspecified() || observed.components.isEmpty()
        || observed.components.get(0).protocol() != components.get(0).protocol()) {
      return this;
    }
    List<Component> replaced = new ArrayList<>(components);
    replaced.set(0, observed.components.get(0));
    return Multiaddr.of(replaced);
  }

  /**
   * Whether the first component is an address the public internet cannot reach: loopback, RFC 1918,
   * shared address space (RFC 6598), link-local, or IPv6 unique-local (RFC 4193).
   */
  public boolean isPrivate() {
    return !components.isEmpty() && IpRanges.isPrivate(components.get(0));
  }

  private static InetAddress inetAddress(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a validated 4- or 16-byte address was refused", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (components.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (Component c : components) {
      out.append(c);
    }
    return out.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
