package dev.samizdat.libp2p.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.Libp2pKeys;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.identify.pb.IdentifyProtos.Identify;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identify message codec (specs: identify/README.md, "The Identify Message"): protobuf, sent with
 * an unsigned-varint length prefix that {@link dev.samizdat.libp2p.host.StreamReader} strips. Pure.
 */
public final class IdentifyCodec {
  /** More protocol ids than this is not a real peer; caps what one message can make us store. */
  public static final int MAX_PROTOCOLS = 256;
  /** Likewise for listen addresses. */
  public static final int MAX_LISTEN_ADDRS = 64;
  /** Protocol ids are short paths; js caps them at 1 KiB in multistream. */
  public static final int MAX_PROTOCOL_ID_LENGTH = 1024;

  private IdentifyCodec() {}

  public static byte[] encode(IdentifyInfo info) {
    Identify.Builder b = Identify.newBuilder();
    info.protocolVersion().ifPresent(b::setProtocolVersion);
    info.agentVersion().ifPresent(b::setAgentVersion);
    info.publicKey().ifPresent(k -> b.setPublicKey(ByteString.copyFrom(Libp2pKeys.encodePublicKey(k))));
    for (Multiaddr a : info.listenAddrs()) {
      b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
    }
    info.observedAddr().ifPresent(a -> b.setObservedAddr(ByteString.copyFrom(a.toBytes())));
    b.addAllProtocols(info.protocols());
    return b.build().toByteArray();
  }

  /**
   * Decodes one message of at most {@code maxSize} bytes.
   *
   * @throws ProtocolViolationException when it is not an identify message, too big, or carries a key
   *     that is not a valid Ed25519 libp2p key
   */
  public static IdentifyInfo decode(byte[] message, int maxSize) {
    if (message.length > maxSize) {
      throw new ProtocolViolationException("identify message of " + message.length + " bytes exceeds " + maxSize);
    }
    Identify pb;
    try {
      pb = Identify.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("identify message is not valid protobuf: " + e.getMessage());
    }
    if (pb.getProtocolsCount() > MAX_PROTOCOLS || pb.getListenAddrsCount() > MAX_LISTEN_ADDRS) {
      throw new ProtocolViolationException("identify message lists " + pb.getProtocolsCount() + " protocols and "
          + pb.getListenAddrsCount() + " addresses, over the limits " + MAX_PROTOCOLS + "/" + MAX_LISTEN_ADDRS);
    }
    var publicKey = Optional.<dev.samizdat.crypto.Ed25519PublicKey>empty();
    if (pb.hasPublicKey()) {
      try {
        publicKey = Optional.of(Libp2pKeys.decodePublicKey(pb.getPublicKey().toByteArray()));
      } catch (MalformedInputException e) {
        throw new ProtocolViolationException("identify public key: " + e.getMessage());
      }
    }
    List<Multiaddr> listen = new ArrayList<>();
    for (ByteString a : pb.getListenAddrsList()) {
      parse(a).ifPresent(listen::add);
    }
    for (String p : pb.getProtocolsList()) {
      if (p.isEmpty() || p.length() > MAX_PROTOCOL_ID_LENGTH) {
        throw new ProtocolViolationException("identify lists a protocol id of " + p.length() + " characters");
      }
    }
    return new IdentifyInfo(
        pb.hasProtocolVersion() ? Optional.of(pb.getProtocolVersion()) : Optional.empty(),
        pb.hasAgentVersion() ? Optional.of(pb.getAgentVersion()) : Optional.empty(),
        publicKey,
        listen,
        pb.hasObservedAddr() ? parse(pb.getObservedAddr()) : Optional.empty(),
        pb.getProtocolsList(),
        pb.getProtocolsCount() > 0,
        pb.getListenAddrsCount() > 0);
  }

  /** Addresses with protocols we do not speak (webrtc, quic…) are skipped rather than fatal. */
  private static Optional<Multiaddr> parse(ByteString bytes) {
    try {
      return Optional.of(Multiaddr.fromBytes(bytes.toByteArray()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
