package dev.samizdat.node.channels;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.report.Report;
import dev.samizdat.channels.report.ReviewItem;
import dev.samizdat.channels.report.ReviewQueue;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.channels.ChannelText.TargetRef;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.FeedKind;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.messaging.ReportSink;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reports and appeals. As a reporter: a {@link Report} goes, end-to-end encrypted through {@link
 * Messaging}, to every moderator the list's manifest names, and is never published. As a moderator:
 * reports to the user's own lists arrive through the {@link ReportSink} and are filed in the list's
 * {@link ReviewQueue}; resolving an item publishes a BLOCK (or, for a granted appeal, a RETRACT)
 * entry. Review queues are serialised by this desk's monitor, never held while waiting for the worker.
 */
public final class ReviewDesk implements ReportSink {
  private final ChannelService service;
  private volatile Messaging messaging;

  ReviewDesk(ChannelService service) {
    this.service = service;
  }

  /** Sends reports through {@code messaging} and takes the reports it receives. */
  public void attach(Messaging messaging) {
    this.messaging = messaging;
    messaging.setReportSink(this);
  }

  private ReviewQueue queue(FeedId list) {
    return new ReviewQueue(list, new RocksReportStore(service.db, service.rowNames, list));
  }

  /** Deletes the review queue of a list that is no longer the user's, and the tables' old copies of it. */
  synchronized void forget(FeedId list) {
    new RocksReportStore(service.db, service.rowNames, list).deleteAll();
    service.db.purgeInBackground(Table.REPORTS);
  }

  // ---- reporter ----

  /** Sends a report or appeal to each moderator of {@code list}; completes with the queued message ids. */
  CompletableFuture<List<String>> send(TargetRef target, FeedId list, Category category, String note,
      boolean appeal) {
    Messaging m = messaging;
    if (m == null) {
      return CompletableFuture.failedFuture(ChannelException.unavailable("messaging is not running: reports cannot be sent"));
    }
    if (target.target().isEmpty()) {
      return CompletableFuture.failedFuture(ChannelException.invalid("a report names its target in clear"));
    }
    boolean heldBefore = service.holds(list);
    // An appeal needs the list's rules, not only its manifest: the moderators' desk drops an appeal
    // against what the list does not block, and cannot say so to the sender.
    CompletableFuture<Void> fetched = heldBefore ? CompletableFuture.completedFuture(null)
        : service.hold(list, FeedKind.BLOCKLIST)
            .thenCompose(ignored -> appeal ? service.awaitCatchUp(list) : service.awaitManifest(list));
    return fetched.thenCompose(ignored -> service.call(() -> {
      Optional<Manifest> manifest = service.manifest(list);
      boolean nothingToAppeal = appeal && manifest.isPresent() && !service.moderation.blocks(list, target);
      if (!heldBefore && service.moderation.subscription(list).isEmpty()) {
        service.drop(list);
      }
      if (manifest.isEmpty()) {
        throw ChannelException.unavailable("the blocklist " + ChannelText.id(list) + " could not be found");
      }
      if (manifest.get().kind() != Manifest.Kind.BLOCKLIST || manifest.get().moderators().isEmpty()) {
        throw ChannelException.invalid(ChannelText.id(list) + " is not a blocklist with moderators");
      }
      if (nothingToAppeal) {
        throw ChannelException.conflict(ChannelText.id(list) + " does not block " + ChannelText.target(target)
            + ": there is nothing to appeal");
      }
      Report report;
      try {
        report = new Report(target.target().get(), list, category, note, service.identity.publicKey(),
            service.clock.millis(), appeal);
      } catch (IllegalArgumentException e) {
        throw ChannelException.invalid(e.getMessage());
      }
      List<String> ids = new ArrayList<>();
      for (Ed25519PublicKey moderator : manifest.get().moderators()) {
        if (moderator.equals(service.identity.publicKey())) {
          accept(moderator, report.encode()); // the user moderates this list: file it directly
          ids.add("local");
        } else {
          ids.add(m.sendReport(PeerId.fromPublicKey(moderator), report.encode()).toString());
        }
      }
      return ids;
    }));
  }

  // ---- moderator ----

  /** A report arrived (on the messaging thread): filed durably before the sender is told. */
  @Override
  public void accept(Ed25519PublicKey sender, byte[] bytes) {
    Report report;
    try {
      report = Report.decode(bytes);
    } catch (CryptoException e) {
      throw new FeedException("not a report: " + e.getMessage());
    }
    if (!report.reporter().equals(sender)) {
      throw new FeedException("a report names its sender as the reporter");
    }
    FeedId list = report.list();
    ReviewItem item;
    synchronized (this) { // checked under the monitor, so that a report cannot outlive its list's destruction
      if (service.heldFeed(list).filter(f -> !f.getFeedKeySeed().isEmpty() && f.getKind() == FeedKind.BLOCKLIST)
          .isEmpty()) {
        throw new FeedException("this node does not moderate that list");
      }
      item = queue(list).add(report, service.clock.millis());
    }
    service.listener.reportReceived(list, new Views.ReportItem(id(item.key()), list, item));
  }

  /** The review queues of the user's own lists (or of one), open items first, most reported first. */
  public CompletableFuture<List<Views.ReportItem>> items(Optional<FeedId> only) {
    return service.call(() -> {
      List<Views.ReportItem> out = new ArrayList<>();
      for (FeedId list : service.feeds(FeedKind.BLOCKLIST)) {
        if (!service.isOwn(list) || (only.isPresent() && !only.get().equals(list))) {
          continue;
        }
        List<ReviewItem> items;
        synchronized (this) {
          items = queue(list).openItems();
          List<ReviewItem> all = new ArrayList<>(new RocksReportStore(service.db, service.rowNames, list).items());
          all.removeIf(i -> i.status() == ReviewItem.Status.OPEN);
          all.sort(Comparator.comparingLong(ReviewItem::lastReportedMillis).reversed());
          items = new ArrayList<>(items);
          items.addAll(all);
        }
        items.forEach(item -> out.add(new Views.ReportItem(id(item.key()), list, item)));
      }
      return out;
    });
  }

  /** What a moderator decides about a review item. */
  public enum Resolution {
    /** Publish a BLOCK entry on the target. */
    BLOCK,
    /** Close it without action (an appeal: the block stands). */
    DISMISS,
    /** Grant an appeal: publish a RETRACT entry. */
    GRANT
  }

  /**
   * Resolves an item; completes with the sequence of the entry published, if any. A block takes the
   * moderator's category, else the one most reporters chose.
   */
  public CompletableFuture<Optional<Long>> resolve(String id, Resolution resolution, Optional<Action> action,
      Optional<Category> chosenCategory, Optional<String> reason) {
    return service.call(() -> {
      Map.Entry<FeedId, ReviewItem> found = find(id);
      FeedId list = found.getKey();
      ReviewItem item = found.getValue();
      if (item.status() != ReviewItem.Status.OPEN) {
        throw ChannelException.conflict("this " + (item.key().appeal() ? "appeal" : "report") + " was resolved already: "
            + switch (item.status()) {
              case BLOCKED -> "its target was blocked";
              case DISMISSED -> "it was dismissed";
              case RETRACTED -> "it was granted and the block retracted";
              case OPEN -> throw new IllegalStateException("open");
            });
      }
      switch (resolution) {
        case DISMISS -> {
          synchronized (this) {
            queue(list).dismiss(item.key());
          }
          return Optional.empty();
        }
        case GRANT -> {
          if (!item.key().appeal()) {
            throw ChannelException.invalid("only an appeal can be granted; block or dismiss a report");
          }
          BlockRule rule;
          synchronized (this) {
            rule = queue(list).grantAppeal(item.target(), reason.orElse("appeal granted"));
          }
          FeedEntry entry = service.appendOwn(list, ContentType.RETRACT, rule.encode());
          return Optional.of(entry.sequence());
        }
        default -> {
          if (item.key().appeal()) {
            throw ChannelException.invalid("an appeal is granted or dismissed, not blocked");
          }
          Category category = chosenCategory.orElseGet(() -> topCategory(item));
          String why = reason.orElseGet(() -> reportedAs(item));
          BlockRule rule;
          synchronized (this) {
            rule = queue(list).block(item.target(), category, action.orElse(Action.HIDE), 0, why, false);
          }
          FeedEntry entry = service.appendOwn(list, ContentType.BLOCK, rule.encode());
          blockPublished(list, item.target(), entry.sequence());
          return Optional.of(entry.sequence());
        }
      }
    });
  }

  /** What the reporters said, as a block's default reason: "reported by 3 users as scam (2), spam (1)". */
  private static String reportedAs(ReviewItem item) {
    String categories = item.categoryCounts().entrySet().stream()
        .sorted(Map.Entry.<Category, Integer>comparingByValue().reversed())
        .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " (" + e.getValue() + ")")
        .collect(java.util.stream.Collectors.joining(", "));
    return "reported by " + item.reporterCount() + " user" + (item.reporterCount() == 1 ? "" : "s") + " as " + categories;
  }

  private static Category topCategory(ReviewItem item) {
    return item.categoryCounts().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(Category.OTHER);
  }

  private Map.Entry<FeedId, ReviewItem> find(String id) {
    for (FeedId list : service.feeds(FeedKind.BLOCKLIST)) {
      if (!service.isOwn(list)) {
        continue;
      }
      synchronized (this) {
        for (ReviewItem item : new RocksReportStore(service.db, service.rowNames, list).items()) {
          if (id(item.key()).equals(id)) {
            return Map.entry(list, item);
          }
        }
      }
    }
    throw ChannelException.notFound("no report " + id + " in your review queues");
  }

  synchronized void blockPublished(FeedId list, Target target, long sequence) {
    queue(list).blockPublished(target, sequence);
  }

  synchronized void blockRetracted(FeedId list, Target target) {
    new RocksReportStore(service.db, service.rowNames, list).removeBlock(target);
  }

  /** An item's id: whether it is an appeal, and its target's digest. */
  static String id(ReviewItem.Key key) {
    return (key.appeal() ? "a" : "r") + Bytes.hex(key.target().digest().toBytes());
  }
}
