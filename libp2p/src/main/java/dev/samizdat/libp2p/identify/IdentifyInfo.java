package dev.samizdat.libp2p.identify;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.Multiaddr;
import java.util.List;
import java.util.Optional;

/**
 * What a peer says about itself in identify (specs: identify/README.md). On a push every field is
 * optional; in a full identify message {@code publicKey} is required.
 *
 * @param listenAddrs addresses we could parse; ones with protocols we do not know are dropped
 * @param observedAddr how the sender sees our address, if it said
 */
public record IdentifyInfo(
    Optional<String> protocolVersion,
    Optional<String> agentVersion,
    Optional<Ed25519PublicKey> publicKey,
    List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr,
    List<String> protocols,
    boolean hasProtocols,
    boolean hasListenAddrs) {

  /** The libp2p protocol version every implementation sends. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  public IdentifyInfo {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  /** A complete message about ourselves, as the identify responder sends it. */
  public static IdentifyInfo of(String agentVersion, Ed25519PublicKey publicKey, List<Multiaddr> listenAddrs,
      Multiaddr observedAddr, List<String> protocols) {
    return new IdentifyInfo(Optional.of(PROTOCOL_VERSION), Optional.of(agentVersion), Optional.of(publicKey),
        listenAddrs, Optional.ofNullable(observedAddr), protocols, true, true);
  }
}
