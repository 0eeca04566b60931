package dev.samizdat.libp2p.identify;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.host.PeerStore;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamReader;
import dev.samizdat.libp2p.host.Streams;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identify protocols (specs: identify/README.md). {@code /ipfs/id/1.0.0}: the side that opens the
 * stream only reads; the other writes one message and closes its write side (js-libp2p waits for that
 * FIN). {@code /ipfs/id/push/1.0.0}: the opener writes a message with the fields that changed.
 * What we learn goes into the {@link PeerStore}; a message whose public key does not belong to the
 * connection's peer is a protocol violation.
 */
public final class IdentifyService {
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger(IdentifyService.class);

  private final PeerStore peerStore;
  private final int maxMessageSize;
  private final Function<Stream, IdentifyInfo> localInfo;

  /**
   * @param localInfo what we say about ourselves on a given stream (its connection gives the observed
   *     address)
   */
  public IdentifyService(PeerStore peerStore, int maxMessageSize, Function<Stream, IdentifyInfo> localInfo) {
    this.peerStore = peerStore;
    this.maxMessageSize = maxMessageSize;
    this.localInfo = localInfo;
  }

  /** Answers an inbound {@code /ipfs/id/1.0.0} stream. */
  public void respond(Stream stream) {
    Streams.writeDelimited(stream, IdentifyCodec.encode(localInfo.apply(stream)));
    stream.close();
  }

  /** Sends our current info on an outbound {@code /ipfs/id/push/1.0.0} stream. */
  public CompletableFuture<Void> push(Stream stream) {
    Streams.writeDelimited(stream, IdentifyCodec.encode(localInfo.apply(stream)));
    return stream.closeWrite().whenComplete((v, e) -> stream.close());
  }

  /** Reads the remote's answer on an outbound {@code /ipfs/id/1.0.0} stream and records it. */
  public CompletableFuture<IdentifyInfo> request(Stream stream) {
    return readAndApply(stream, false);
  }

  /** Reads a push from an inbound {@code /ipfs/id/push/1.0.0} stream and records it. */
  public void acceptPush(Stream stream) {
    readAndApply(stream, true).exceptionally(e -> {
      LOG.debug("identify push from {} failed: {}", stream.remotePeer(), e.getMessage());
      return null;
    });
  }

  private CompletableFuture<IdentifyInfo> readAndApply(Stream stream, boolean push) {
    StreamReader reader = new StreamReader(stream);
    return reader.readDelimited(maxMessageSize).thenApply(message -> {
      if (message == null) {
        throw new ProtocolViolationException(stream.remotePeer() + " closed identify without a message");
      }
      IdentifyInfo info = IdentifyCodec.decode(message, maxMessageSize);
      apply(stream.remotePeer(), stream.connection().remoteAddress(), info, push);
      stream.close();
      return info;
    }).whenComplete((info, e) -> {
      if (e != null) {
        stream.reset();
      }
    });
  }

  /**
   * Records what {@code peer}, connected from {@code observed}, said; a full message must carry its
   * public key. Its listen addresses are kept as {@link #dialable} finds them.
   */
  void apply(PeerId peer, Multiaddr observed, IdentifyInfo info, boolean push) {
    if (info.publicKey().isPresent()) {
      if (!peer.matches(info.publicKey().get())) {
        throw new ProtocolViolationException("identify from " + peer + " carries the public key of "
            + PeerId.fromPublicKey(info.publicKey().get()));
      }
      peerStore.setPublicKey(peer, info.publicKey().get());
    } else if (!push) {
      throw new ProtocolViolationException("identify from " + peer + " has no public key");
    }
    List<Multiaddr> addresses = dialable(info.listenAddrs(), observed);
    if (!addresses.isEmpty()) {
      peerStore.replaceAddresses(peer, addresses);
    }
    if (info.hasProtocols() || !push) {
      peerStore.setProtocols(peer, new LinkedHashSet<>(info.protocols()));
    }
    if (info.agentVersion().isPresent() || info.protocolVersion().isPresent()) {
      var old = peerStore.get(peer);
      peerStore.setAgentVersion(peer,
          info.agentVersion().orElse(old.flatMap(PeerStore.PeerInfo::agentVersion).orElse(null)),
          info.protocolVersion().orElse(old.flatMap(PeerStore.PeerInfo::protocolVersion).orElse(null)));
    }
  }

  /**
   * The listen addresses a peer announced that we could dial: an unspecified IP (0.0.0.0, ::) stands
   * for the one it connected from, and a loopback address means this machine, so it is kept only from
   * a peer that connected over loopback (one elsewhere listing 127.0.0.1 would have us dial ourselves).
   */
  public static List<Multiaddr> dialable(List<Multiaddr> announced, Multiaddr observed) {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr a : announced) {
      Multiaddr resolved = a.withUnspecifiedIpFrom(observed);
      if (!resolved.isUnspecified() && (!resolved.isLoopback() || observed.isLoopback()) && !out.contains(resolved)) {
        out.add(resolved);
      }
    }
    return out;
  }
}
