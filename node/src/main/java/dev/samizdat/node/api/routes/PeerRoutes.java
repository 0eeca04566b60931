package dev.samizdat.node.api.routes;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.PeerStore;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.dht.NodeDht;
import dev.samizdat.node.messaging.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** {@code /api/peers…}, {@code /api/ping}, {@code /api/dht/peers/{id}} (docs/API.md, "Peers and the DHT"). */
public final class PeerRoutes {
  private final Host host;
  private final NodeDht dht;
  private final Messaging messaging;

  public PeerRoutes(Host host, NodeDht dht, Messaging messaging) {
    this.host = host;
    this.dht = dht;
    this.messaging = messaging;
  }

  public void register(Router router) {
    router.get("/api/peers").handler(c -> Replies.json(c, 200, peers()));
    router.post("/api/peers/connect").handler(Replies.async(c -> {
      // A new connection even to a connected peer: the user is testing this address.
      Multiaddr addr = multiaddr(Replies.requiredString(Replies.body(c), "addr"));
      return host.dialNew(addr).thenApply(conn -> {
        closeIfSpare(conn);
        return new JsonObject().put("peerId", conn.remotePeer().toBase58());
      });
    }));
    // Resolving a contact name, here and below, reads the database (a quick read, no write).
    router.post("/api/ping").handler(Replies.async(c -> {
      String target = Replies.requiredString(Replies.body(c), "target");
      if (target.strip().startsWith("/")) {
        // Over a connection to that address, not one the peer already has: the address is what is tested.
        return host.dialNew(multiaddr(target)).thenCompose(conn -> host.ping(conn)
            .whenComplete((rtt, e) -> closeIfSpare(conn))
            .thenApply(rtt -> pingAnswer(conn.remotePeer(), rtt)));
      }
      return locate(PeerResolver.resolve(messaging, target)).thenCompose(p -> host.ping(p).thenApply(rtt ->
          pingAnswer(p, rtt)));
    }));
    router.get("/api/dht/peers/:peerId").handler(Replies.async(c -> {
      PeerId peer = PeerResolver.resolve(messaging, c.pathParam("peerId"));
      if (peer.equals(host.peerId())) {
        throw ApiException.badRequest("that is this node's own peer id: 'samizdat id' shows where it listens");
      }
      return dht.findPeer(peer).thenApply(found -> {
        PeerAddresses p = found.orElseThrow(() -> ApiException.notFound("the DHT does not know " + peer.toBase58()));
        return new JsonObject().put("peerId", peer.toBase58()).put("addrs", addrs(p));
      });
    }));
  }

  /**
   * Closes {@code tested}, a connection made to test its address, when the peer has another one open.
   * Left open it would stay for good with peers that keep it busy (js-libp2p pings every connection
   * every 10 s), one more with every test.
   */
  private void closeIfSpare(Connection tested) {
    if (host.connections(tested.remotePeer()).stream().anyMatch(other -> other != tested && other.isOpen())) {
      tested.close();
    }
  }

  private static JsonObject pingAnswer(PeerId peer, Duration rtt) {
    return new JsonObject().put("peerId", peer.toBase58()).put("rttMillis", rtt.toNanos() / 1e6);
  }

  /** The peer, after making sure the host has an address for it (from the DHT if need be). */
  private CompletableFuture<PeerId> locate(PeerId peer) {
    if (!host.connections(peer).isEmpty() || !host.peerStore().addresses(peer).isEmpty()) {
      return CompletableFuture.completedFuture(peer);
    }
    return dht.findPeer(peer).thenApply(found -> {
      PeerAddresses p = found.orElseThrow(() -> new ApiException(503, "no address known for " + peer.toBase58()
          + ", and the DHT did not find one"));
      List<Multiaddr> addresses = new ArrayList<>();
      p.multiaddrs().forEach(a -> addresses.add(Multiaddr.fromBytes(a)));
      host.peerStore().addAddresses(peer, addresses);
      return peer;
    });
  }

  private JsonObject peers() {
    Set<PeerId> all = new TreeSet<>(host.peerStore().peers());
    host.connections().forEach(c -> all.add(c.remotePeer()));
    JsonArray out = new JsonArray();
    for (PeerId peer : all) {
      var info = host.peerStore().get(peer);
      JsonArray addrs = new JsonArray();
      host.peerStore().addresses(peer).forEach(a -> addrs.add(a.toString()));
      out.add(new JsonObject()
          .put("peerId", peer.toBase58())
          .put("addrs", addrs)
          .put("agentVersion", info.flatMap(PeerStore.PeerInfo::agentVersion).orElse(null))
          .put("protocols", new JsonArray(info.map(i -> List.copyOf(new TreeSet<>(i.protocols()))).orElse(List.of())))
          .put("connected", !host.connections(peer).isEmpty()));
    }
    return new JsonObject().put("peers", out);
  }

  private static JsonArray addrs(PeerAddresses p) {
    JsonArray out = new JsonArray();
    for (byte[] a : p.multiaddrs()) {
      try {
        out.add(Multiaddr.fromBytes(a).toString());
      } catch (RuntimeException e) {
        // An address we cannot print is not one the user could use.
      }
    }
    return out;
  }

  private static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text.strip());
    } catch (RuntimeException e) {
      throw ApiException.badRequest("'" + text + "' is not a multiaddr: " + e.getMessage());
    }
  }
}
