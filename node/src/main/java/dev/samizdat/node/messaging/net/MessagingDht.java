package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
}
