package dev.samizdat.dht.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.proto.KadProtos;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.Varint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kad-dht framing (spec: "RPC messages"): each message is an unsigned varint length followed
 * by that many bytes of protobuf {@code Message}. Pure: bytes in, values out.
 *
 * <pre>
 *   +----------------+---------------------------------+
 *   | uvarint length | protobuf Message (length bytes) |
 *   +----------------+---------------------------------+
 * </pre>
 *
 * Decoding validates everything a handler would otherwise have to distrust: known type, peer ids
 * that parse, bounded counts and lengths. A missing {@code type} decodes as PUT_VALUE (proto3
 * default; js omits it).
 */
public final class KadCodec {
  /**
   * js-libp2p (it-length-prefixed's default) and go-libp2p-kad-dht both accept messages up to
   * 4 MiB; a smaller limit would refuse answers that conforming peers send on the public DHT.
   */
  public static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
  /** Far above k = 20; a response listing more peers than this is not a kad-dht response. */
  public static final int MAX_PEERS_PER_LIST = 256;
  /** Public IPFS peers advertise a few dozen addresses at most. */
  public static final int MAX_ADDRS_PER_PEER = 64;
  /** A multiaddr with a DNS name and a certhash is a few hundred bytes. */
  public static final int MAX_MULTIADDR_LENGTH = 1024;
  /** Keys are CIDs, peer ids or "/namespace/…" paths: well under this. */
  public static final int MAX_KEY_LENGTH = 1024;

  private KadCodec() {}

  /** Encodes {@code message} with its varint length prefix. */
  public static byte[] encode(KadMessage message) {
    byte[] body = toProto(message).toByteArray();
    if (body.length > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("kad message of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    byte[] out = new byte[Varint.encodedLength(body.length) + body.length];
    int n = Varint.write(body.length, out, 0);
    System.arraycopy(body, 0, out, n, body.length);
    return out;
  }

  /**
   * Decodes one length-prefixed message from {@code in}'s position. Returns empty and leaves the
   * position unchanged when the frame is not complete yet; on success the position is after it.
   *
   * @throws InvalidMessageException when the frame is too long or its content is not a valid message
   */
  public static Optional<KadMessage> decode(ByteBuffer in) {
    int start = in.position();
    long length;
    try {
      length = Varint.read(in);
    } catch (ProtocolViolationException e) {
      throw new InvalidMessageException("bad kad message length prefix: " + e.getMessage(), e);
    }
    if (length < 0) {
      return Optional.empty();
    }
    if (length > MAX_MESSAGE_SIZE) {
      throw new InvalidMessageException("kad message of " + length + " bytes exceeds the limit of " + MAX_MESSAGE_SIZE);
    }
    if (in.remaining() < length) {
      in.position(start);
      return Optional.empty();
    }
    ByteBuffer body = in.slice();
    body.limit((int) length);
    in.position(in.position() + (int) length);
    return Optional.of(decodeBody(body));
  }

  /** Decodes one protobuf {@code Message} without length prefix (the whole buffer). */
  public static KadMessage decodeBody(ByteBuffer body) {
    if (body.remaining() > MAX_MESSAGE_SIZE) {
      throw new InvalidMessageException("kad message of " + body.remaining() + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    KadProtos.Message pb;
    try {
      pb = KadProtos.Message.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidMessageException("kad message is not a valid protobuf: " + e.getMessage(), e);
    }
    return fromProto(pb);
  }

  static KadMessage fromProto(KadProtos.Message pb) {
    MessageType type = MessageType.ofNumber(pb.getTypeValue());
    if (type == null) {
      throw new InvalidMessageException("unknown kad message type " + pb.getTypeValue());
    }
    if (pb.getKey().size() > MAX_KEY_LENGTH) {
      throw new InvalidMessageException("kad key of " + pb.getKey().size() + " bytes exceeds " + MAX_KEY_LENGTH);
    }
    DhtRecord record = null;
    if (pb.hasRecord()) {
      KadProtos.Record r = pb.getRecord();
      if (r.getKey().size() > MAX_KEY_LENGTH) {
        throw new InvalidMessageException("record key of " + r.getKey().size() + " bytes exceeds " + MAX_KEY_LENGTH);
      }
      record = new DhtRecord(r.getKey().toByteArray(), r.getValue().toByteArray(),
          Rfc3339.parseOrNull(r.getTimeReceived()));
    }
    return new KadMessage(type, pb.getKey().toByteArray(), record,
        peers(pb.getCloserPeersList(), "closerPeers"), peers(pb.getProviderPeersList(), "providerPeers"),
        pb.getClusterLevelRaw());
  }

  private static List<PeerAddresses> peers(List<KadProtos.Message.Peer> list, String field) {
    if (list.size() > MAX_PEERS_PER_LIST) {
      throw new InvalidMessageException(field + " lists " + list.size() + " peers, more than " + MAX_PEERS_PER_LIST);
    }
    List<PeerAddresses> out = new ArrayList<>(list.size());
    for (KadProtos.Message.Peer p : list) {
      PeerId id;
      try {
        id = PeerId.fromBytes(p.getId().toByteArray());
      } catch (IllegalArgumentException e) {
        throw new InvalidMessageException(field + " has an invalid peer id: " + e.getMessage(), e);
      }
      if (p.getAddrsCount() > MAX_ADDRS_PER_PEER) {
        throw new InvalidMessageException(field + " peer " + id + " has " + p.getAddrsCount()
            + " addresses, more than " + MAX_ADDRS_PER_PEER);
      }
      List<byte[]> addrs = new ArrayList<>(p.getAddrsCount());
      for (ByteString a : p.getAddrsList()) {
        if (a.size() > MAX_MULTIADDR_LENGTH) {
          throw new InvalidMessageException(field + " peer " + id + " has a multiaddr of " + a.size() + " bytes");
        }
        addrs.add(a.toByteArray());
      }
      out.add(new PeerAddresses(id, addrs));
    }
    return out;
  }

  static KadProtos.Message toProto(KadMessage m) {
    KadProtos.Message.Builder b = KadProtos.Message.newBuilder()
        .setTypeValue(m.type().number())
        .setKey(ByteString.copyFrom(m.key()))
        .setClusterLevelRaw(m.clusterLevel());
    if (m.record() != null) {
      KadProtos.Record.Builder r = KadProtos.Record.newBuilder()
          .setKey(ByteString.copyFrom(m.record().key()))
          .setValue(ByteString.copyFrom(m.record().value()));
      m.record().timeReceived().ifPresent(t -> r.setTimeReceived(Rfc3339.format(t)));
      b.setRecord(r);
    }
    for (PeerAddresses p : m.closerPeers()) {
      b.addCloserPeers(peer(p));
    }
    for (PeerAddresses p : m.providerPeers()) {
      b.addProviderPeers(peer(p));
    }
    return b.build();
  }

  private static KadProtos.Message.Peer peer(PeerAddresses p) {
    KadProtos.Message.Peer.Builder b = KadProtos.Message.Peer.newBuilder()
        .setId(ByteString.copyFrom(p.id().toBytes()));
    for (byte[] a : p.multiaddrs()) {
      b.addAddrs(ByteString.copyFrom(a));
    }
    return b.build();
  }
}
