package dev.samizdat.node.messaging.memory;

import dev.samizdat.crypto.Hashes;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.MessagingNetwork;
import dev.samizdat.node.messaging.PrekeyRecords;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.net.RequestChannel;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several in-process nodes on one simulated network, for tests and simulators. Requests and answers
 * are held to the frame limits a stream reader applies and answered synchronously on the caller's
 * thread; a node that is offline (or not attached) is unreachable. The DHT is one shared
 * record map (validated with {@link PrekeyRecords}) and closeness is XOR distance between SHA-256 of
 * a peer id and the key, among online nodes. Thread-safe.
 */
public final class InMemoryNetwork {
  /** Answers one request payload; throwing means the stream was reset. */
  public interface Handler {
    byte[] handle(PeerId remote, byte[] request);
  }

  private final Map<PeerId, Map<String, Handler>> nodes = new ConcurrentHashMap<>();
  private final Set<PeerId> offline = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> records = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

  /** Attaches a node's two protocol handlers and marks it online. */
  public void attach(Messaging messaging) {
    register(messaging.self(), Map.of(
        DeliveryProtocol.PROTOCOL_ID, messaging::handleDirect,
        MailboxProtocol.PROTOCOL_ID, messaging::handleMailbox));
  }

  public void register(PeerId peer, Map<String, Handler> handlers) {
    nodes.put(peer, Map.copyOf(handlers));
    offline.remove(peer);
  }

  public void setOnline(PeerId peer, boolean online) {
    if (online) {
      offline.remove(peer);
    } else {
      offline.add(peer);
    }
  }

  /** Requests made on {@code protocolId} so far. */
  public long requestCount(String protocolId) {
    return requests.getOrDefault(protocolId, new AtomicLong()).get();
  }

  /** The network as the node {@code self} sees it. */
  public MessagingNetwork networkFor(PeerId self) {
    return MessagingNetwork.over(channelFor(self), dhtFor(self));
  }

  public RequestChannel channelFor(PeerId self) {
    return (peer, protocolId, request, maxResponseBytes) -> {
      requests.computeIfAbsent(protocolId, p -> new AtomicLong()).incrementAndGet();
      if (offline.contains(self)) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node is offline"));
      }
      Handler handler = nodes.getOrDefault(peer, Map.of()).get(protocolId);
      if (handler == null || offline.contains(peer)) {
        return CompletableFuture.failedFuture(new IllegalStateException(peer + " is unreachable"));
      }
      try {
        int maxRequestBytes = protocolId.equals(DeliveryProtocol.PROTOCOL_ID)
            ? MessagingLimits.MAX_DELIVER_REQUEST_BYTES : MessagingLimits.MAX_MAILBOX_REQUEST_BYTES;
        byte[] answer = handler.handle(self, withinLimit(request, maxRequestBytes));
        return CompletableFuture.completedFuture(withinLimit(answer, maxResponseBytes));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(new IllegalStateException("stream reset: " + e.getMessage(), e));
      }
    };
  }

  /** What a stream reader's {@code readDelimited(limit)} refuses: a frame longer than the limit. */
  private static byte[] withinLimit(byte[] frame, int limit) {
    if (frame.length > limit) {
      throw new IllegalStateException("frame of " + frame.length + " bytes exceeds the limit of " + limit);
    }
    return frame;
  }

  public MessagingDht dhtFor(PeerId self) {
    return new MessagingDht() {
      @Override
      public CompletableFuture<Void> put(byte[] key, byte[] value) {
        if (offline.contains(self)) {
          return CompletableFuture.failedFuture(new IllegalStateException("this node is offline"));
        }
        records.merge(HexFormat.of().formatHex(key), value, (current, candidate) -> PrekeyRecords.select(key, current, candidate));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Optional<byte[]>> get(byte[] key) {
        if (offline.contains(self)) {
          return CompletableFuture.failedFuture(new IllegalStateException("this node is offline"));
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(records.get(HexFormat.of().formatHex(key)))
            .filter(v -> PrekeyRecords.validate(key, v).isPresent()));
      }

      @Override
      public CompletableFuture<List<PeerId>> closestPeers(byte[] key, int count) {
        if (offline.contains(self)) {
          return CompletableFuture.failedFuture(new IllegalStateException("this node is offline"));
        }
        BigInteger target = new BigInteger(1, key);
        return CompletableFuture.completedFuture(nodes.keySet().stream()
            .filter(p -> !offline.contains(p))
            .sorted(Comparator.comparing((PeerId p) -> new BigInteger(1, Hashes.sha256(p.toBytes())).xor(target)))
            .limit(count).toList());
      }
    };
  }
}
