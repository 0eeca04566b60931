package dev.samizdat.channels.report;

import dev.samizdat.channels.policy.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ReportStore} in memory, for tests and simulations. Thread-safe. */
public final class InMemoryReportStore implements ReportStore {
  private final Map<ReviewItem.Key, ReviewItem> items = new ConcurrentHashMap<>();
  private final Map<Target, Long> blocks = new ConcurrentHashMap<>();

  @Override
  public Optional<ReviewItem> item(ReviewItem.Key key) {
    return Optional.ofNullable(items.get(key));
  }

  @Override
  public void put(ReviewItem item) {
    items.put(item.key(), item);
  }

  @Override
  public List<ReviewItem> items() {
    return new ArrayList<>(items.values());
  }

  @Override
  public Optional<Long> blockSequence(Target target) {
    return Optional.ofNullable(blocks.get(target));
  }

  @Override
  public void recordBlock(Target target, long sequence) {
    blocks.put(target, sequence);
  }

  @Override
  public void removeBlock(Target target) {
    blocks.remove(target);
  }
}
