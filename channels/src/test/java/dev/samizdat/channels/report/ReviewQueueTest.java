package dev.samizdat.channels.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.PolicyEngine;
import dev.samizdat.channels.policy.Subscription;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewQueueTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey listKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey moderator = Ed25519PrivateKey.generate(random);
  private final FeedId list = new FeedId(listKey.publicKey());
  private final ReviewQueue queue = new ReviewQueue(list, new InMemoryReportStore());
  private final Target spamPost = new Target(Target.Kind.POST, new byte[] {1, 2, 3});
  private final Target scamChannel = new Target(Target.Kind.CHANNEL, new byte[] {4, 5, 6});

  private Ed25519PublicKey someone() {
    return Ed25519PrivateKey.generate(random).publicKey();
  }

  private Report report(Target target, Ed25519PublicKey reporter, Category category, boolean appeal) {
    return new Report(target, list, category, "see for yourself", reporter, NOW, appeal);
  }

  @Test
  void reportsAreGroupedByTargetWithDistinctReportersCountedOnce() {
    Ed25519PublicKey alice = someone();
    queue.add(report(spamPost, alice, Category.SPAM, false), NOW);
    queue.add(report(spamPost, alice, Category.SCAM, false), NOW + 1);
    queue.add(report(spamPost, someone(), Category.SPAM, false), NOW + 2);
    queue.add(report(scamChannel, someone(), Category.SCAM, false), NOW + 3);

    List<ReviewItem> open = queue.openItems();
    assertThat(open).extracting(ReviewItem::target).containsExactly(spamPost, scamChannel);
    assertThat(open.get(0).reporterCount()).isEqualTo(2);
    assertThat(open.get(0).categoryCounts()).isEqualTo(Map.of(Category.SCAM, 1, Category.SPAM, 1));
    assertThat(open.get(0).firstReportedMillis()).isEqualTo(NOW);
  }

  @Test
  void aBlockDecisionBecomesABlocklistEntryThatFollowersApplyAndAnAppealIsLinkedToIt() {
    queue.add(report(spamPost, someone(), Category.SPAM, false), NOW);
    BlockRule rule = queue.block(spamPost, Category.SPAM, Action.HIDE, 0, "spam wave", false);
    assertThat(queue.openItems()).isEmpty();

    InMemoryFeedStore store = new InMemoryFeedStore();
    FeedLog log = new FeedLog(store);
    log.create(listKey, new Manifest(Manifest.Kind.BLOCKLIST, "spam watch", "",
        List.of(moderator.publicKey()), List.of(moderator.publicKey())), NOW);
    FeedEntry published = log.append(list, ContentType.BLOCK, rule.encode(), moderator, NOW);
    queue.blockPublished(spamPost, published.sequence());

    PolicyEngine follower = new PolicyEngine();
    follower.follow(new Subscription(list, Action.DROP, Set.of(), 1));
    follower.apply(FeedEntry.decode(published.encoded()));
    assertThat(follower.decide(spamPost, NOW).is(Action.HIDE)).isTrue();

    ReviewItem appeal = queue.add(report(spamPost, someone(), Category.SPAM, true), NOW + 5);
    assertThat(appeal.blockSequence()).contains(published.sequence());
    assertThat(queue.openItems()).singleElement().satisfies(item -> assertThat(item.key().appeal()).isTrue());
    BlockRule retraction = queue.grantAppeal(spamPost, "not spam after all");
    FeedEntry retracted = log.append(list, ContentType.RETRACT, retraction.encode(), moderator, NOW + 6);
    follower.apply(retracted);
    assertThat(follower.decide(spamPost, NOW).action()).isEmpty();
    assertThat(retraction.target()).as("a retraction does not reveal the target").isEmpty();
  }

  @Test
  void dismissedItemsReopenOnlyForNewReportersAndBadReportsAreRefused() {
    Ed25519PublicKey alice = someone();
    queue.add(report(spamPost, alice, Category.SPAM, false), NOW);
    queue.dismiss(new ReviewItem.Key(spamPost, false));
    queue.add(report(spamPost, alice, Category.SPAM, false), NOW + 1);
    assertThat(queue.openItems()).isEmpty();
    queue.add(report(spamPost, someone(), Category.SPAM, false), NOW + 2);
    assertThat(queue.openItems()).singleElement().satisfies(item -> assertThat(item.reporterCount()).isEqualTo(2));

    assertThatThrownBy(() -> queue.add(report(scamChannel, alice, Category.SCAM, true), NOW))
        .isInstanceOf(FeedException.class).hasMessageContaining("does not block");
    Report elsewhere = new Report(spamPost, new FeedId(someone()), Category.SPAM, "", alice, NOW, false);
    assertThatThrownBy(() -> queue.add(elsewhere, NOW)).hasMessageContaining("another list");
    Report future = new Report(spamPost, list, Category.SPAM, "", alice, NOW + FeedLog.MAX_CLOCK_SKEW_MILLIS + 1,
        false);
    assertThatThrownBy(() -> queue.add(future, NOW)).hasMessageContaining("future");
    assertThatThrownBy(() -> queue.dismiss(new ReviewItem.Key(scamChannel, false)))
        .hasMessageContaining("no such");
  }

  @Test
  void aReportRoundTripsAndItsDecoderRefusesNonsense() {
    Report report = new Report(scamChannel, list, Category.IMPERSONATION, "pretends to be the ministry ✓", someone(),
        NOW, true);
    byte[] encoded = report.encode();
    assertThat(Report.decode(encoded)).isEqualTo(report);
    byte[] badFlags = encoded.clone();
    badFlags[1] = 2;
    assertThatThrownBy(() -> Report.decode(badFlags)).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Report.decode(java.util.Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> new Report(scamChannel, list, Category.SPAM, "n".repeat(Report.MAX_NOTE_BYTES + 1),
        someone(), NOW, false)).hasMessageContaining("bytes of UTF-8, this one is");
  }
}
