package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedHead;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What channel sync needs of the DHT: who holds a feed, and the feed's signed head. {@link
 * KadFeedDirectory} implements it over the dht module; {@link InMemoryFeedDirectory} serves tests.
 *
 * <p>Thread-safe and non-blocking. Futures fail only when the network cannot be asked at all; "found
 * nothing" is an empty answer. Heads returned have been validated (signature, feed, not from the future).
 */
public interface FeedDirectory {
  /** A peer that announced it holds a feed, with the addresses it gave. */
  record Provider(PeerId peer, List<Multiaddr> addresses) {
    public Provider {
      addresses = List.copyOf(addresses);
    }
  }

  /** Announces this node as a provider of {@code feed}, and keeps announcing it until {@link #stopProviding}. */
  CompletableFuture<Void> provide(FeedId feed);

  void stopProviding(FeedId feed);

  /** Up to {@code wanted} providers of {@code feed}; may include this node. */
  CompletableFuture<List<Provider>> findProviders(FeedId feed, int wanted);

  /** Publishes a signed head (the best one wins wherever it is stored). */
  CompletableFuture<Void> putHead(FeedHead head);

  /** The best valid head known for {@code feed}. */
  CompletableFuture<Optional<FeedHead>> getHead(FeedId feed);
}
