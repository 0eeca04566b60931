package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedHead;
import dev.samizdat.channels.feed.FeedHeadRecords;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One shared in-memory "DHT" for several nodes in a test: a provider table and a head per feed (the
 * best by {@link FeedHeadRecords#BEST_FIRST} wins, as the DHT's selector decides). Each node gets its
 * view with {@link #forNode}. Thread-safe.
 */
public final class InMemoryFeedDirectory {
  private final Map<FeedId, Map<PeerId, Supplier<FeedDirectory.Provider>>> providers = new ConcurrentHashMap<>();
  private final Map<FeedId, FeedHead> heads = new ConcurrentHashMap<>();

  /**
   * The directory as {@code self} sees it; {@code addresses} is asked each time a provider record is
   * read (a node's listen addresses are known only once it listens).
   */
  public FeedDirectory forNode(PeerId self, Supplier<List<dev.samizdat.libp2p.Multiaddr>> addresses) {
    return new FeedDirectory() {
      @Override
      public CompletableFuture<Void> provide(FeedId feed) {
        providers.computeIfAbsent(feed, f -> new ConcurrentHashMap<>())
            .put(self, () -> new FeedDirectory.Provider(self, addresses.get()));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void stopProviding(FeedId feed) {
        providers.getOrDefault(feed, Map.of()).remove(self);
      }

      @Override
      public CompletableFuture<List<FeedDirectory.Provider>> findProviders(FeedId feed, int wanted) {
        List<FeedDirectory.Provider> out = new ArrayList<>();
        for (Supplier<FeedDirectory.Provider> p : providers.getOrDefault(feed, Map.of()).values()) {
          if (out.size() >= wanted) {
            break;
          }
          out.add(p.get());
        }
        return CompletableFuture.completedFuture(out);
      }

      @Override
      public CompletableFuture<Void> putHead(FeedHead head) {
        heads.merge(head.feed(), head, (old, now) -> FeedHeadRecords.BEST_FIRST.compare(now, old) < 0 ? now : old);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Optional<FeedHead>> getHead(FeedId feed) {
        return CompletableFuture.completedFuture(Optional.ofNullable(heads.get(feed)));
      }
    };
  }

  /** Forgets a node's provider records, as the DHT does when they expire after the node is gone. */
  public void forget(PeerId node) {
    providers.values().forEach(map -> map.remove(node));
  }
}
