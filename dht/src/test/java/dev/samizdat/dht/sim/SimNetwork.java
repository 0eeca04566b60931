package dev.samizdat.dht.sim;

import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.KadNetwork;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.message.KadCodec;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.server.HandlerOutcome;
import dev.samizdat.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory network between simulated nodes: every message goes through the real codec (bytes
 * and back), takes the sum of the two endpoints' one-way latencies, and reaches the real request
 * handler of the destination. A dead node never answers, so its callers time out as they would on
 * a real network.
 */
public final class SimNetwork {
  /** A simulated host: its DHT, whether it runs, and its one-way latency. */
  public static final class Host {
    final PeerAddresses addresses;
    final long latencyMillis;
    KadDht dht;
    boolean alive = true;

    Host(PeerAddresses addresses, long latencyMillis) {
      this.addresses = addresses;
      this.latencyMillis = latencyMillis;
    }

    public KadDht dht() {
      return dht;
    }

    public boolean alive() {
      return alive;
    }

    public PeerAddresses addresses() {
      return addresses;
    }
  }

  private final VirtualScheduler scheduler;
  private final Map<PeerId, Host> hosts = new HashMap<>();
  private long messages;
  private long bytes;

  public SimNetwork(VirtualScheduler scheduler) {
    this.scheduler = scheduler;
  }

  Host register(PeerAddresses addresses, long latencyMillis) {
    Host h = new Host(addresses, latencyMillis);
    hosts.put(addresses.id(), h);
    return h;
  }

  public long messages() {
    return messages;
  }

  public long bytes() {
    return bytes;
  }

  /** The network as seen by {@code self}: what its {@link KadDht} sends through. */
  KadNetwork endpoint(Host self) {
    return new KadNetwork() {
      @Override
      public CompletableFuture<KadMessage> send(PeerAddresses to, KadMessage request) {
        CompletableFuture<KadMessage> reply = new CompletableFuture<>();
        deliver(self, to, request, reply, true);
        return reply;
      }

      @Override
      public CompletableFuture<Void> sendOneWay(PeerAddresses to, KadMessage message) {
        CompletableFuture<KadMessage> done = new CompletableFuture<>();
        deliver(self, to, message, done, false);
        return done.thenApply(m -> null);
      }
    };
  }

  private void deliver(Host from, PeerAddresses toAddr, KadMessage request,
      CompletableFuture<KadMessage> reply, boolean expectReply) {
    messages++;
    Host to = hosts.get(toAddr.id());
    byte[] wire = KadCodec.encode(request);
    bytes += wire.length;
    if (to == null || !from.alive) {
      return;
    }
    long latency = from.latencyMillis + to.latencyMillis;
    scheduler.schedule(latency, () -> {
      if (!to.alive) {
        return;
      }
      KadMessage decoded = KadCodec.decode(ByteBuffer.wrap(wire)).orElseThrow();
      to.dht.peerIdentified(from.addresses, true);
      HandlerOutcome outcome = to.dht.handleRequest(from.addresses.id(), decoded);
      if (!expectReply) {
        reply.complete(null);
        return;
      }
      if (outcome instanceof HandlerOutcome.Reply r) {
        byte[] back = KadCodec.encode(r.response());
        bytes += back.length;
        scheduler.schedule(latency, () -> {
          if (from.alive) {
            reply.complete(KadCodec.decode(ByteBuffer.wrap(back)).orElseThrow());
          }
        });
      } else {
        scheduler.schedule(latency, () -> reply.completeExceptionally(
            new IllegalStateException("stream reset: " + outcome)));
      }
    });
  }
}
