package dev.samizdat.channels.feed;

import dev.samizdat.crypto.CryptoException;
import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps the entries of the feeds it holds. The node backs it with RocksDB; {@link
 * InMemoryFeedStore} serves tests and simulations. Implementations must make {@link #append} and
 * {@link #recordFork} durable before returning, since a subscriber serves what it stored.
 */
public interface FeedStore {
  Optional<FeedEntry> entry(FeedId feed, long sequence);

  /** The highest stored sequence number, or -1 for a feed with no entries. */
  long headSequence(FeedId feed);

  /** Entries from {@code fromSequence} on, in order, at most {@code limit}. */
  List<FeedEntry> entries(FeedId feed, long fromSequence, int limit);

  /** The newest {@link ContentType#MANIFEST} entry, which says who may append. */
  Optional<FeedEntry> latestManifest(FeedId feed);

  /**
   * The newest manifest, decoded; empty when none is stored, or when the stored one does not decode
   * (it was checked when it arrived, so only a damaged store holds such a one): the feed is then
   * treated as one whose manifest has not arrived, rather than failing whatever asked about it.
   */
  default Optional<Manifest> readableManifest(FeedId feed) {
    return latestManifest(feed).flatMap(entry -> {
      try {
        return Optional.of(Manifest.decode(entry.body()));
      } catch (CryptoException unreadable) {
        return Optional.empty();
      }
    });
  }

  void append(FeedEntry entry);

  /**
   * Keeps two validly signed entries with one sequence number as proof that the feed equivocated.
   * One proof per sequence: when one is already kept there, it stays and {@code proof} is ignored.
   */
  void recordFork(ForkProof proof);

  List<ForkProof> forks(FeedId feed);

  /** Removes every entry of a feed (unsubscribe, or a drop decision by the user's policy). */
  void deleteFeed(FeedId feed);
}
