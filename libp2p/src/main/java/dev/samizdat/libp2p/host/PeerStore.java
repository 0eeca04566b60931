package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the Host knows about other peers: addresses to dial, and what identify told us (protocols,
 * agent version, public key). Thread-safe; values are immutable snapshots.
 */
public interface PeerStore {

  /** Everything known about one peer. */
  record PeerInfo(
      PeerId peerId,
      List<Multiaddr> addresses,
      Set<String> protocols,
      Optional<String> agentVersion,
      Optional<String> protocolVersion,
      Optional<Ed25519PublicKey> publicKey) {

    public PeerInfo {
      addresses = List.copyOf(addresses);
      protocols = Set.copyOf(protocols);
    }
  }

  /**
   * Adds dialable addresses (without /p2p) ahead of those known, so that the newest are dialled
   * first; duplicates move to the front, the oldest beyond the cap are dropped.
   */
  void addAddresses(PeerId peer, List<Multiaddr> addresses);

  /** Replaces the peer's address list (identify's listenAddrs). */
  void replaceAddresses(PeerId peer, List<Multiaddr> addresses);

  void setProtocols(PeerId peer, Set<String> protocols);

  void setAgentVersion(PeerId peer, String agentVersion, String protocolVersion);

  void setPublicKey(PeerId peer, Ed25519PublicKey key);

  Optional<PeerInfo> get(PeerId peer);

  List<Multiaddr> addresses(PeerId peer);

  Set<PeerId> peers();

  void remove(PeerId peer);
}
