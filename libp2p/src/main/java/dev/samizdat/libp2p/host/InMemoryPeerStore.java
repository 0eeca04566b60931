package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A bounded {@link PeerStore} in memory. Thread-safe: each peer's entry is replaced atomically. */
public final class InMemoryPeerStore implements PeerStore {
  /** Addresses kept per peer; identify from a real peer lists a handful. */
  public static final int MAX_ADDRESSES_PER_PEER = 32;
  /** Peers kept; a DHT node meets many, but a bound keeps a hostile crowd from filling memory. */
  public static final int MAX_PEERS = 10_000;

  private final Map<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();

  @Override
  public void addAddresses(PeerId peer, List<Multiaddr> addresses) {
    update(peer, info -> {
      // Newest first: the host dials in this order, and an address just learned is likelier to be
      // right than one a restarted peer has left (which may now belong to something else, and hang).
      LinkedHashSet<Multiaddr> merged = new LinkedHashSet<>();
      for (Multiaddr a : addresses) {
        merged.add(a.withoutP2p());
      }
      merged.addAll(info.addresses());
      return withAddresses(info, new ArrayList<>(merged));
    });
  }

  @Override
  public void replaceAddresses(PeerId peer, List<Multiaddr> addresses) {
    update(peer, info -> {
      LinkedHashSet<Multiaddr> unique = new LinkedHashSet<>();
      for (Multiaddr a : addresses) {
        unique.add(a.withoutP2p());
      }
      return withAddresses(info, new ArrayList<>(unique));
    });
  }

  @Override
  public void setProtocols(PeerId peer, Set<String> protocols) {
    update(peer, i -> new PeerInfo(peer, i.addresses(), protocols, i.agentVersion(), i.protocolVersion(),
        i.publicKey()));
  }

  @Override
  public void setAgentVersion(PeerId peer, String agentVersion, String protocolVersion) {
    update(peer, i -> new PeerInfo(peer, i.addresses(), i.protocols(), Optional.ofNullable(agentVersion),
        Optional.ofNullable(protocolVersion), i.publicKey()));
  }

  @Override
  public void setPublicKey(PeerId peer, Ed25519PublicKey key) {
    if (!peer.matches(key)) {
      throw new IllegalArgumentException("public key does not belong to " + peer);
    }
    update(peer, i -> new PeerInfo(peer, i.addresses(), i.protocols(), i.agentVersion(), i.protocolVersion(),
        Optional.of(key)));
  }

  @Override
  public Optional<PeerInfo> get(PeerId peer) {
    return Optional.ofNullable(peers.get(peer));
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    PeerInfo info = peers.get(peer);
    return info == null ? List.of() : info.addresses();
  }

  @Override
  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }

  @Override
  public void remove(PeerId peer) {
    peers.remove(peer);
  }

  private void update(PeerId peer, java.util.function.UnaryOperator<PeerInfo> change) {
    if (!peers.containsKey(peer) && peers.size() >= MAX_PEERS) {
      return;
    }
    peers.compute(peer, (p, old) -> change.apply(old != null ? old
        : new PeerInfo(p, List.of(), Set.of(), Optional.empty(), Optional.empty(), p.publicKey())));
  }

  private static PeerInfo withAddresses(PeerInfo i, List<Multiaddr> addresses) {
    List<Multiaddr> capped = addresses.size() <= MAX_ADDRESSES_PER_PEER ? addresses
        : addresses.subList(0, MAX_ADDRESSES_PER_PEER);
    return new PeerInfo(i.peerId(), capped, i.protocols(), i.agentVersion(), i.protocolVersion(), i.publicKey());
  }
}
