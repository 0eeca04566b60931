package dev.samizdat.dht.net;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Direction;
import dev.samizdat.libp2p.identify.IdentifyService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which multiaddrs the DHT passes on and dials. Only plain TCP addresses count (what the Host's
 * transport dials). Loopback addresses point at this machine, so they are used only when the node
 * runs on loopback on purpose ({@code loopbackAllowed}, tests and local demos); elsewhere a peer
 * advertising them would make us dial our own machine.
 */
final class NetAddresses {
  private NetAddresses() {}

  /** The addresses of {@code peer} that we would dial; undecodable ones are skipped. */
  static List<Multiaddr> dialable(PeerAddresses peer, boolean loopbackAllowed) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (byte[] bytes : peer.multiaddrs()) {
      try {
        Multiaddr a = Multiaddr.fromBytes(bytes).withoutP2p();
        if (a.isPlainTcp() && (loopbackAllowed || !a.isLoopback())) {
          out.add(a);
        }
      } catch (IllegalArgumentException e) {
        // A transport or protocol we do not know (quic, webtransport…): not dialable by us.
      }
    }
    return List.copyOf(out);
  }

  /**
   * The addresses to put in the routing table for a peer identified over {@code connection}: its
   * identify listen addresses as {@link IdentifyService#dialable} keeps them (an unspecified IP is the
   * one it connected from, loopback ones only from a loopback connection), plain TCP, loopback ones only
   * when allowed; else, for a connection we dialled, the address we dialled.
   */
  static List<byte[]> forTable(List<Multiaddr> listenAddrs, Connection connection, boolean loopbackAllowed) {
    Multiaddr remote = connection.remoteAddress();
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr a : IdentifyService.dialable(listenAddrs.stream().map(Multiaddr::withoutP2p).toList(), remote)) {
      if (a.isPlainTcp() && (loopbackAllowed || !a.isLoopback())) {
        out.add(a);
      }
    }
    if (out.isEmpty() && connection.direction() == Direction.OUTBOUND
        && remote.isPlainTcp() && (loopbackAllowed || !remote.isLoopback())) {
      out.add(remote.withoutP2p());
    }
    List<byte[]> bytes = new ArrayList<>(out.size());
    out.forEach(a -> bytes.add(a.toBytes()));
    return bytes;
  }

  /** Our own listen addresses as we announce them: dialable ones only, without /p2p. */
  static List<byte[]> announced(List<Multiaddr> listenAddrs, boolean loopbackAllowed) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr listen : listenAddrs) {
      Multiaddr a = listen.withoutP2p();
      if (a.isPlainTcp() && !a.isUnspecified() && (loopbackAllowed || !a.isLoopback())) {
        out.add(a);
      }
    }
    List<byte[]> bytes = new ArrayList<>(out.size());
    out.forEach(a -> bytes.add(a.toBytes()));
    return bytes;
  }
}
