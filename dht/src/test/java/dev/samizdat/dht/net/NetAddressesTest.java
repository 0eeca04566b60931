package dev.samizdat.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.TestPeers;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Direction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NetAddressesTest {
  private final PeerId peer = new TestPeers(3).id();

  @Test
  void dialsPlainTcpOnlyAndLoopbackOnlyWhenAllowed() {
    PeerAddresses p = new PeerAddresses(peer, List.of(
        Multiaddr.parse("/ip4/198.51.100.7/tcp/4001").toBytes(),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes(),
        Multiaddr.parse("/ip4/198.51.100.7/udp/4001").toBytes(),
        new byte[] {(byte) 0xff, 0x01, 0x02}));
    assertThat(NetAddresses.dialable(p, false)).containsExactly(Multiaddr.parse("/ip4/198.51.100.7/tcp/4001"));
    assertThat(NetAddresses.dialable(p, true)).containsExactly(
        Multiaddr.parse("/ip4/198.51.100.7/tcp/4001"), Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
  }

  @Test
  void tableAddressesReplaceAnUnspecifiedIpWithTheObservedOne() {
    Connection c = connection("/ip4/203.0.113.9/tcp/50123", Direction.INBOUND);
    List<byte[]> addrs = NetAddresses.forTable(List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), c, true);
    assertThat(addrs).extracting(Multiaddr::fromBytes).containsExactly(Multiaddr.parse("/ip4/203.0.113.9/tcp/4001"));
  }

  @Test
  void loopbackListenAddressesCountOnlyOverLoopbackConnections() {
    List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    assertThat(NetAddresses.forTable(listen, connection("/ip4/127.0.0.1/tcp/5555", Direction.INBOUND), true))
        .hasSize(1);
    assertThat(NetAddresses.forTable(listen, connection("/ip4/127.0.0.1/tcp/5555", Direction.INBOUND), false))
        .isEmpty();
    assertThat(NetAddresses.forTable(listen, connection("/ip4/203.0.113.9/tcp/5555", Direction.INBOUND), true))
        .isEmpty();
  }

  @Test
  void withoutListenAddressesTheDialledAddressIsUsedButNotAnInboundPort() {
    assertThat(NetAddresses.forTable(List.of(), connection("/ip4/203.0.113.9/tcp/4001", Direction.OUTBOUND), false))
        .extracting(Multiaddr::fromBytes).containsExactly(Multiaddr.parse("/ip4/203.0.113.9/tcp/4001"));
    assertThat(NetAddresses.forTable(List.of(), connection("/ip4/203.0.113.9/tcp/50123", Direction.INBOUND), false))
        .isEmpty();
  }

  @Test
  void announcedAddressesSkipUnspecifiedAndDropP2p() {
    List<byte[]> out = NetAddresses.announced(List.of(
        Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"),
        Multiaddr.parse("/ip4/192.0.2.1/tcp/4001/p2p/" + peer.toBase58())), false);
    assertThat(out).extracting(Multiaddr::fromBytes).containsExactly(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"));
  }

  private Connection connection(String remote, Direction direction) {
    return new Connection() {
      @Override
      public PeerId remotePeer() {
        return peer;
      }

      @Override
      public Multiaddr remoteAddress() {
        return Multiaddr.parse(remote);
      }

      @Override
      public Multiaddr localAddress() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
      }

      @Override
      public Direction direction() {
        return direction;
      }

      @Override
      public int streamCount() {
        return 0;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
      }
    };
  }
}
