package dev.samizdat.libp2p.transport;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * TCP over Vert.x (Netty): listens and dials /ip4|ip6/…/tcp/N multiaddrs and hands out raw sockets.
 * It knows nothing of libp2p beyond addresses; the Host upgrades the sockets. Each accepted or dialled
 * socket is bound to one Vert.x event loop, where its handlers run. Thread-safe.
 */
public final class TcpTransport {
  /** Socket buffers sized for a full yamux window in flight on loopback and LAN links. */
  static final int SOCKET_BUFFER_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final NetClient client;
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();

  public TcpTransport(Vertx vertx, Duration connectTimeout) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .setTcpNoDelay(true)
        .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
        .setSendBufferSize(SOCKET_BUFFER_BYTES));
  }

  /** Whether {@code address} is a TCP address this transport can dial or listen on (a /p2p suffix is allowed). */
  public static boolean handles(Multiaddr address) {
    return address.withoutP2p().isPlainTcp();
  }

  /**
   * Listens on {@code address} (port 0 picks a free port). {@code onAccept} runs on the socket's event
   * loop for every accepted socket. Completes with the bound address.
   */
  public CompletableFuture<Multiaddr> listen(Multiaddr address, Consumer<NetSocket> onAccept) {
    if (!handles(address)) {
      return CompletableFuture.failedFuture(new Libp2pException("cannot listen on " + address
          + ": not a TCP address (/ip4 or /ip6 with /tcp)"));
    }
    InetSocketAddress at = toInet(address);
    NetServer server = vertx.createNetServer(new NetServerOptions()
        .setHost(at.getAddress().getHostAddress())
        .setPort(at.getPort())
        .setTcpNoDelay(true)
        .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
        .setSendBufferSize(SOCKET_BUFFER_BYTES)
        .setAcceptBacklog(128));
    server.connectHandler(onAccept::accept);
    CompletableFuture<Multiaddr> bound = new CompletableFuture<>();
    server.listen().onComplete(ar -> {
      if (ar.succeeded()) {
        servers.add(server);
        bound.complete(toMultiaddr(at.getAddress(), ar.result().actualPort()));
      } else {
        bound.completeExceptionally(new Libp2pException("cannot listen on " + address + ": "
            + ar.cause().getMessage(), ar.cause()));
      }
    });
    return bound;
  }

  /** Dials the TCP part of {@code address}; the socket's handlers run on the event loop it is bound to. */
  public CompletableFuture<NetSocket> dial(Multiaddr address) {
    InetSocketAddress to = toInet(address);
    CompletableFuture<NetSocket> socket = new CompletableFuture<>();
    client.connect(SocketAddress.inetSocketAddress(to)).onComplete(ar -> {
      if (ar.succeeded()) {
        socket.complete(ar.result());
      } else {
        socket.completeExceptionally(new Libp2pException("cannot connect to " + address + ": "
            + ar.cause().getMessage(), ar.cause()));
      }
    });
    return socket;
  }

  /** Stops listening and releases the client. Open sockets are the Host's to close. */
  public CompletableFuture<Void> close() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (NetServer server : servers) {
      closing.add(server.close().toCompletionStage().toCompletableFuture());
    }
    servers.clear();
    closing.add(client.close().toCompletionStage().toCompletableFuture());
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  public static InetSocketAddress toInet(Multiaddr address) {
    return address.withoutP2p().toInetSocketAddress()
        .orElseThrow(() -> new Libp2pException(address + " is not a /ip4|ip6/…/tcp/… address"));
  }

  public static Multiaddr toMultiaddr(InetAddress ip, int port) {
    String family = ip instanceof Inet6Address ? "ip6" : "ip4";
    return Multiaddr.parse("/" + family + "/" + ip.getHostAddress() + "/tcp/" + port);
  }

  /** The multiaddr of a Vert.x socket address (a resolved IP literal). */
  public static Multiaddr toMultiaddr(SocketAddress address) {
    try {
      return toMultiaddr(InetAddress.getByName(address.hostAddress()), address.port());
    } catch (java.net.UnknownHostException e) {
      throw new Libp2pException("socket address " + address + " is not an IP literal", e);
    }
  }
}
