package dev.samizdat.dht.net;

import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.ConnectionListener;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.PeerStore;
import java.util.List;
import java.util.Optional;

/**
 * Feeds {@link KadDht#peerIdentified} from identify: a connected peer enters the routing table only
 * when its identify lists our kad protocol, with the addresses it listens on. The Host has no
 * "identified" event, so the peer store is checked a few times after a connection opens (identify
 * takes one round trip and usually lands before the first check); a peer whose kad protocol shows up
 * later (identify push) is checked again when it sends us a request. Runs on the DHT thread.
 */
final class IdentifyFeed implements ConnectionListener {
  /** Delays between checks, in ms: identify normally lands within the first, slow peers by the last. */
  static final long[] CHECK_DELAYS_MILLIS = {50, 200, 750, 2_000, 5_000, 15_000};

  private final Host host;
  private final KadDht dht;
  private final String protocolId;
  private final DhtExecutor executor;
  private final boolean loopbackAllowed;

  IdentifyFeed(Host host, KadDht dht, String protocolId, DhtExecutor executor, boolean loopbackAllowed) {
    this.host = host;
    this.dht = dht;
    this.protocolId = protocolId;
    this.executor = executor;
    this.loopbackAllowed = loopbackAllowed;
  }

  /** Checks the connections that were open before the DHT started listening. */
  void start() {
    for (Connection c : host.connections()) {
      opened(c);
    }
  }

  @Override
  public void opened(Connection connection) {
    executor.schedule(CHECK_DELAYS_MILLIS[0], () -> check(connection, 0));
  }

  /** A peer sent us a kad request: if it is not in the table, see whether identify says it serves. */
  void requestFrom(PeerId peer) {
    if (dht.routingTable().contains(peer)) {
      return;
    }
    for (Connection c : host.connections(peer)) {
      if (offer(c)) {
        return;
      }
    }
  }

  private void check(Connection connection, int attempt) {
    if (!connection.isOpen() || offer(connection)) {
      return;
    }
    if (attempt + 1 < CHECK_DELAYS_MILLIS.length) {
      executor.schedule(CHECK_DELAYS_MILLIS[attempt + 1], () -> check(connection, attempt + 1));
    }
  }

  /** Offers the peer to the table once identify has told its protocols; false if it has not yet. */
  private boolean offer(Connection connection) {
    PeerId peer = connection.remotePeer();
    Optional<PeerStore.PeerInfo> info = host.peerStore().get(peer);
    if (info.isEmpty() || info.get().protocols().isEmpty()) {
      return false;
    }
    List<byte[]> addrs = NetAddresses.forTable(info.get().addresses(), connection, loopbackAllowed);
    if (!addrs.isEmpty()) {
      dht.peerIdentified(new PeerAddresses(peer, addrs), info.get().protocols().contains(protocolId));
    }
    return true;
  }
}
