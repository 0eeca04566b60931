package dev.samizdat.channels.report;

import dev.samizdat.channels.policy.Target;
import java.util.List;
import java.util.Optional;

/**
 * Where a moderator's node keeps its review queue for one blocklist. The node backs it with RocksDB;
 * {@link InMemoryReportStore} serves tests. Writes must be durable before returning: a report
 * acknowledged to its sender must not be lost.
 */
public interface ReportStore {
  Optional<ReviewItem> item(ReviewItem.Key key);

  /** Inserts or replaces the item with this key. */
  void put(ReviewItem item);

  List<ReviewItem> items();

  /** The sequence of the list entry that blocks {@code target}, if the list currently blocks it. */
  Optional<Long> blockSequence(Target target);

  void recordBlock(Target target, long sequence);

  void removeBlock(Target target);
}
