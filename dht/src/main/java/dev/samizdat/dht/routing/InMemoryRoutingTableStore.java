package dev.samizdat.dht.routing;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RoutingTableStore} that forgets on restart: for tests and nodes without a disk. */
public final class InMemoryRoutingTableStore implements RoutingTableStore {
  private final ConcurrentHashMap<PeerId, StoredPeer> peers = new ConcurrentHashMap<>();

  @Override
  public void put(PeerAddresses peer, long addedAtMillis) {
    peers.put(peer.id(), new StoredPeer(peer, addedAtMillis));
  }

  @Override
  public void remove(PeerId peer) {
    peers.remove(peer);
  }

  @Override
  public List<StoredPeer> loadAll() {
    return List.copyOf(peers.values());
  }
}
