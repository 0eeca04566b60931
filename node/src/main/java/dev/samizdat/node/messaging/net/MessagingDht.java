package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What messaging needs of the DHT. Thread-safe. Records are validated by the DHT with
 * {@link dev.samizdat.node.messaging.PrekeyRecords} (the highest valid sequence wins); futures fail
 * when the network cannot be asked at all.
 */
public interface MessagingDht {
  CompletableFuture<Void> put(byte[] key, byte[] value);

  /** The best record under {@code key}, or empty when none is found. */
  CompletableFuture<Optional<byte[]>> get(byte[] key);

  /** Up to {@code count} peers closest to {@code key}, closest first; may include this node. */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key, int count);

  /**
   * {@code dht} with every future completing on {@code executor}: messaging goes on from there to its
   * lock and synced writes, which must not hold up the thread that answers the DHT's own requests.
   */
  static MessagingDht completingOn(MessagingDht dht, Executor executor) {
    return new MessagingDht() {
      @Override
      public CompletableFuture<Void> put(byte[] key, byte[] value) {
        return dht.put(key, value).whenCompleteAsync((done, failure) -> {}, executor);
      }

      @Override
      public CompletableFuture<Optional<byte[]>> get(byte[] key) {
        return dht.get(key).whenCompleteAsync((found, failure) -> {}, executor);
      }

      @Override
      public CompletableFuture<List<PeerId>> closestPeers(byte[] key, int count) {
        return dht.closestPeers(key, count).whenCompleteAsync((found, failure) -> {}, executor);
      }
    };
  }
}
