package dev.samizdat.node.dht;

import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.Scheduler;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.MultiaddrProtocol;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.ConnectionListener;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.PeerStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the DHT about every peer that connects, once identify has said what it serves: a peer that
 * lists the kad protocol is offered to the routing table as a server. The Host has no "identified"
 * event, so the peer store is checked a few times after the connection opens (identify takes one
 * round trip). Addresses come from identify's listen addresses, with an unspecified IP (0.0.0.0, ::)
 * replaced by the IP the connection comes from, and loopback addresses kept only from loopback
 * connections (elsewhere they would point at the wrong machine).
 */
final class PeerIdentifier implements ConnectionListener {
  /** Delays of the successive checks, in ms: identify normally lands within the first. */
  private static final long[] CHECKS = {150, 500, 1_500, 5_000, 15_000};

  private final Host host;
  private final KadDht dht;
  private final String protocolId;
  private final Scheduler scheduler;

  PeerIdentifier(Host host, KadDht dht, String protocolId, Scheduler scheduler) {
    this.host = host;
    this.dht = dht;
    this.protocolId = protocolId;
    this.scheduler = scheduler;
  }

  @Override
  public void opened(Connection connection) {
    scheduler.schedule(CHECKS[0], () -> check(connection, 0));
  }

  private void check(Connection connection, int attempt) {
    if (!connection.isOpen()) {
      return;
    }
    var info = host.peerStore().get(connection.remotePeer());
    if (info.isPresent() && !info.get().protocols().isEmpty()) {
      List<byte[]> addrs = addresses(info.get(), connection);
      if (!addrs.isEmpty()) {
        dht.peerIdentified(new PeerAddresses(connection.remotePeer(), addrs),
            info.get().protocols().contains(protocolId));
      }
      return;
    }
    if (attempt + 1 < CHECKS.length) {
      scheduler.schedule(CHECKS[attempt + 1], () -> check(connection, attempt + 1));
    }
  }

  static List<byte[]> addresses(PeerStore.PeerInfo info, Connection connection) {
    Multiaddr remote = connection.remoteAddress();
    boolean loopbackConnection = remote.isLoopback();
    List<byte[]> out = new ArrayList<>();
    for (Multiaddr a : info.addresses()) {
      Multiaddr addr = a.withoutP2p();
      if (!addr.isPlainTcp()) {
        continue;
      }
      addr = withObservedIp(addr, remote);
      if (addr.isLoopback() && !loopbackConnection) {
        continue;
      }
      byte[] bytes = addr.toBytes();
      if (out.stream().noneMatch(b -> java.util.Arrays.equals(b, bytes))) {
        out.add(bytes);
      }
    }
    return out;
  }

  private static Multiaddr withObservedIp(Multiaddr addr, Multiaddr remote) {
    var host = addr.components().get(0);
    boolean unspecified = (host.protocol() == MultiaddrProtocol.IP4 && host.valueText().equals("0.0.0.0"))
        || (host.protocol() == MultiaddrProtocol.IP6 && host.valueText().equals("::"));
    if (!unspecified || remote.components().isEmpty() || remote.components().get(0).protocol() != host.protocol()) {
      return addr;
    }
    List<Multiaddr.Component> components = new ArrayList<>(addr.components());
    components.set(0, remote.components().get(0));
    return Multiaddr.of(components);
  }
}
