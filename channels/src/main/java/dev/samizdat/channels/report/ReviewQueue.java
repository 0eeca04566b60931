package dev.samizdat.channels.report;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A moderator's review queue for one blocklist: reports grouped by target with the number of distinct
 * reporters, appeals linked to the block they contest. Resolving an item as a block returns the rule
 * to publish (as a BLOCK entry, via {@link FeedLog#append}); the node then calls {@link
 * #blockPublished} with the entry's sequence. Granting an appeal returns the rule to publish as a
 * RETRACT entry.
 *
 * <p>Pure over its {@link ReportStore}; callers serialise calls.
 */
public final class ReviewQueue {
  /** Open items kept at once: a flood of reports about distinct targets must not exhaust the node. */
  public static final int MAX_OPEN_ITEMS = 10_000;
  /** Reporters kept per item; beyond this the count no longer matters to a decision. */
  public static final int MAX_REPORTERS_PER_ITEM = 1_000;

  private static final Comparator<ReviewItem> MOST_REPORTED_FIRST =
      Comparator.comparingInt(ReviewItem::reporterCount).reversed()
          .thenComparingLong(ReviewItem::firstReportedMillis);

  private final FeedId list;
  private final ReportStore store;

  public ReviewQueue(FeedId list, ReportStore store) {
    this.list = list;
    this.store = store;
  }

  /**
   * Files a decrypted report. A second report from one reporter replaces their first; a new reporter
   * reopens a dismissed item.
   *
   * @throws FeedException for a report about another list, dated in the future, an appeal against
   *     nothing this list blocks, or a full queue
   */
  public ReviewItem add(Report report, long nowMillis) {
    if (!report.list().equals(list)) {
      throw new FeedException("report for another list");
    }
    if (report.timestampMillis() > nowMillis + FeedLog.MAX_CLOCK_SKEW_MILLIS) {
      throw new FeedException("report dated in the future");
    }
    Optional<Long> block = store.blockSequence(report.target());
    if (report.appeal() && block.isEmpty()) {
      throw new FeedException("appeal against a target this list does not block");
    }
    ReviewItem.Key key = new ReviewItem.Key(report.target(), report.appeal());
    Optional<ReviewItem> existing = store.item(key);
    if (existing.isEmpty() && openItems().size() >= MAX_OPEN_ITEMS) {
      throw new FeedException("the review queue is full");
    }
    List<Report> reports = new ArrayList<>(existing.map(ReviewItem::reports).orElse(List.of()));
    boolean newReporter = !reports.removeIf(old -> old.reporter().equals(report.reporter()));
    if (newReporter && reports.size() >= MAX_REPORTERS_PER_ITEM) {
      return existing.orElseThrow();
    }
    reports.add(report);
    ReviewItem.Status status = existing.map(ReviewItem::status).orElse(ReviewItem.Status.OPEN);
    if (newReporter && status != ReviewItem.Status.BLOCKED) {
      status = ReviewItem.Status.OPEN;
    }
    long first = existing.map(ReviewItem::firstReportedMillis).orElse(nowMillis);
    ReviewItem item = new ReviewItem(key, status, reports, block, first, nowMillis);
    store.put(item);
    return item;
  }

  /** Open items, most distinct reporters first, then oldest first. */
  public List<ReviewItem> openItems() {
    return store.items().stream().filter(item -> item.status() == ReviewItem.Status.OPEN)
        .sorted(MOST_REPORTED_FIRST).toList();
  }

  /**
   * Resolves the reports about {@code target} as a block.
   *
   * @return the rule to publish as a BLOCK entry of the list
   */
  public BlockRule block(Target target, Category category, Action recommended, long expiresAtMillis, String reason,
      boolean publishDigestOnly) {
    ReviewItem item = open(new ReviewItem.Key(target, false));
    store.put(withStatus(item, ReviewItem.Status.BLOCKED));
    return BlockRule.of(target, publishDigestOnly, category, recommended, expiresAtMillis, reason);
  }

  /** Links the published BLOCK entry to its target, so that appeals can name it. */
  public void blockPublished(Target target, long entrySequence) {
    store.recordBlock(target, entrySequence);
    store.item(new ReviewItem.Key(target, false)).ifPresent(item -> store.put(new ReviewItem(item.key(),
        item.status(), item.reports(), Optional.of(entrySequence), item.firstReportedMillis(),
        item.lastReportedMillis())));
  }

  /** Closes an item without action; for an appeal, the block stands. */
  public void dismiss(ReviewItem.Key key) {
    store.put(withStatus(open(key), ReviewItem.Status.DISMISSED));
  }

  /**
   * Grants the appeal against {@code target}'s block.
   *
   * @return the rule to publish as a RETRACT entry of the list
   */
  public BlockRule grantAppeal(Target target, String reason) {
    ReviewItem item = open(new ReviewItem.Key(target, true));
    store.put(withStatus(item, ReviewItem.Status.RETRACTED));
    store.removeBlock(target);
    // A retraction matches by digest alone, so it never reveals a target the block kept hidden.
    return BlockRule.of(target, true, item.reports().get(0).category(), Action.WARN, 0, reason);
  }

  private ReviewItem open(ReviewItem.Key key) {
    ReviewItem item = store.item(key).orElseThrow(() -> new FeedException("no such review item"));
    if (item.status() != ReviewItem.Status.OPEN) {
      throw new FeedException("the review item is already " + item.status().name().toLowerCase(java.util.Locale.ROOT));
    }
    return item;
  }

  private static ReviewItem withStatus(ReviewItem item, ReviewItem.Status status) {
    return new ReviewItem(item.key(), status, item.reports(), item.blockSequence(), item.firstReportedMillis(),
        item.lastReportedMillis());
  }
}
