package dev.samizdat.channels.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link FeedStore} in memory, for tests and simulations. Thread-safe. */
public final class InMemoryFeedStore implements FeedStore {
  private final Map<FeedId, NavigableMap<Long, FeedEntry>> feeds = new ConcurrentHashMap<>();
  private final Map<FeedId, NavigableMap<Long, ForkProof>> forks = new ConcurrentHashMap<>();
  private final Map<FeedId, FeedEntry> manifests = new ConcurrentHashMap<>();

  @Override
  public Optional<FeedEntry> entry(FeedId feed, long sequence) {
    return Optional.ofNullable(log(feed).get(sequence));
  }

  @Override
  public long headSequence(FeedId feed) {
    NavigableMap<Long, FeedEntry> log = log(feed);
    return log.isEmpty() ? -1 : log.lastKey();
  }

  @Override
  public List<FeedEntry> entries(FeedId feed, long fromSequence, int limit) {
    List<FeedEntry> out = new ArrayList<>();
    for (FeedEntry entry : log(feed).tailMap(fromSequence, true).values()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(entry);
    }
    return out;
  }

  @Override
  public Optional<FeedEntry> latestManifest(FeedId feed) {
    return Optional.ofNullable(manifests.get(feed));
  }

  @Override
  public void append(FeedEntry entry) {
    log(entry.feed()).put(entry.sequence(), entry);
    if (entry.contentType() == ContentType.MANIFEST) {
      manifests.merge(entry.feed(), entry, (old, now) -> now.sequence() > old.sequence() ? now : old);
    }
  }

  @Override
  public void recordFork(ForkProof proof) {
    forks.computeIfAbsent(proof.feed(), id -> new ConcurrentSkipListMap<>()).putIfAbsent(proof.sequence(), proof);
  }

  @Override
  public List<ForkProof> forks(FeedId feed) {
    return List.copyOf(forks.getOrDefault(feed, new ConcurrentSkipListMap<>()).values());
  }

  @Override
  public void deleteFeed(FeedId feed) {
    feeds.remove(feed);
    forks.remove(feed);
    manifests.remove(feed);
  }

  private NavigableMap<Long, FeedEntry> log(FeedId feed) {
    return feeds.computeIfAbsent(feed, id -> new ConcurrentSkipListMap<>());
  }
}
