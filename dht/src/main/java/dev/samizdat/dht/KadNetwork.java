package dev.samizdat.dht;

import dev.samizdat.dht.message.KadMessage;
import java.util.concurrent.CompletableFuture;

/**
 * How the DHT reaches other peers: one kad-dht stream per request (the libp2p Host adapter), or the
 * in-memory simulator. Implementations must not block the caller and must be thread-safe. Callers
 * put their own timeout on each future; an implementation may also fail it early (dial failure,
 * stream reset, a response that does not decode).
 */
public interface KadNetwork {
  /** Sends {@code request} and completes with the peer's one response message. */
  CompletableFuture<KadMessage> send(PeerAddresses to, KadMessage request);

  /** Sends a message that gets no response (ADD_PROVIDER); completes once it is written. */
  CompletableFuture<Void> sendOneWay(PeerAddresses to, KadMessage message);
}
