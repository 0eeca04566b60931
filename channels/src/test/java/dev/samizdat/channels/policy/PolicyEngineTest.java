package dev.samizdat.channels.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.crypto.Ed25519PrivateKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final InMemoryFeedStore store = new InMemoryFeedStore();
  private final FeedLog log = new FeedLog(store);
  private final PolicyEngine policy = new PolicyEngine();
  private final Target channel = new Target(Target.Kind.CHANNEL, new byte[] {1, 2, 3});

  private final class Blocklist {
    final Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    final FeedId id = new FeedId(key.publicKey());

    Blocklist() {
      log.create(key, new Manifest(Manifest.Kind.BLOCKLIST, "list", "", List.of(), List.of()), NOW);
    }

    FeedEntry block(Target target, Category category, Action action, long expires, boolean digestOnly) {
      return log.append(id, ContentType.BLOCK,
          BlockRule.of(target, digestOnly, category, action, expires, "reported by many").encode(), key, NOW);
    }

    FeedEntry retract(Target target) {
      return log.append(id, ContentType.RETRACT,
          BlockRule.of(target, false, Category.OTHER, Action.WARN, 0, "appeal upheld").encode(), key, NOW);
    }
  }

  @Test
  void aFollowedListHidesWithProvenanceAndUnfollowingRestores() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.HIDE, Set.of(), 1));
    policy.apply(list.block(channel, Category.TERRORISM, Action.DROP, 0, false));

    Decision decision = policy.decide(channel, NOW);
    assertThat(decision.action()).contains(Action.HIDE);
    assertThat(decision.reasons()).singleElement().satisfies(reason -> {
      assertThat(reason.list()).isEqualTo(list.id);
      assertThat(reason.category()).isEqualTo(Category.TERRORISM);
      assertThat(reason.moderator()).isEqualTo(list.key.publicKey());
      assertThat(reason.reason()).isEqualTo("reported by many");
      assertThat(reason.recommended()).isEqualTo(Action.DROP);
      assertThat(reason.applied()).isEqualTo(Action.HIDE);
    });

    policy.unfollow(list.id);
    assertThat(policy.decide(channel, NOW)).isEqualTo(Decision.SHOWN);
  }

  @Test
  void aRuleThatDoesNotDecodeAndEntriesThatAreNoRulesBlockNothing() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.DROP, Set.of(), 1));
    FeedEntry malformed = log.append(list.id, ContentType.BLOCK, new byte[] {42, 0}, list.key, NOW);
    FeedEntry post = log.append(list.id, ContentType.POST, "not a rule".getBytes(), list.key, NOW);
    assertThat(BlockRule.carriedBy(malformed)).isEmpty();
    assertThat(BlockRule.carriedBy(post)).isEmpty();
    policy.apply(malformed);
    policy.apply(post);
    assertThat(policy.decide(channel, NOW)).isEqualTo(Decision.SHOWN);

    FeedEntry block = list.block(channel, Category.SPAM, Action.DROP, 0, false);
    assertThat(BlockRule.carriedBy(block)).hasValueSatisfying(rule -> assertThat(rule.category()).isEqualTo(Category.SPAM));
  }

  @Test
  void retractionAndExpiryLiftABlock() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.DROP, Set.of(), 1));
    Target post = new Target(Target.Kind.POST, new byte[] {9});
    policy.apply(list.block(channel, Category.SPAM, Action.DROP, 0, false));
    policy.apply(list.block(post, Category.SPAM, Action.WARN, NOW + 1000, false));
    assertThat(policy.decide(channel, NOW).action()).contains(Action.DROP);
    assertThat(policy.decide(post, NOW).action()).contains(Action.WARN);
    assertThat(policy.decide(post, NOW + 1000)).isEqualTo(Decision.SHOWN);

    policy.apply(list.retract(channel));
    assertThat(policy.decide(channel, NOW)).isEqualTo(Decision.SHOWN);
  }

  @Test
  void categoriesOutsideTheSubscriptionDoNotApply() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.DROP, Set.of(Category.SPAM), 1));
    policy.apply(list.block(channel, Category.COPYRIGHT, Action.HIDE, 0, false));
    assertThat(policy.decide(channel, NOW)).isEqualTo(Decision.SHOWN);
  }

  @Test
  void dropNeedsTheThresholdOfListsOtherwiseItHides() {
    Blocklist first = new Blocklist();
    Blocklist second = new Blocklist();
    policy.follow(new Subscription(first.id, Action.DROP, Set.of(), 2));
    policy.follow(new Subscription(second.id, Action.DROP, Set.of(), 2));
    policy.apply(first.block(channel, Category.VIOLENCE, Action.DROP, 0, false));
    assertThat(policy.decide(channel, NOW).action()).contains(Action.HIDE);
    policy.apply(second.block(channel, Category.VIOLENCE, Action.DROP, 0, true));
    Decision both = policy.decide(channel, NOW);
    assertThat(both.action()).contains(Action.DROP);
    assertThat(both.reasons()).hasSize(2);
  }

  @Test
  void theUsersOwnRulesComeFirst() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.DROP, Set.of(), 1));
    policy.apply(list.block(channel, Category.SCAM, Action.DROP, 0, false));
    policy.userAllow(channel);
    assertThat(policy.decide(channel, NOW).action()).isEmpty();
    assertThat(policy.decide(channel, NOW).source()).isEqualTo(Decision.Source.USER);
    Target peer = new Target(Target.Kind.PEER, new byte[] {7});
    policy.userBlock(peer, Action.HIDE);
    assertThat(policy.decide(peer, NOW).action()).contains(Action.HIDE);
    policy.clearUserRule(channel);
    assertThat(policy.decide(channel, NOW).action()).contains(Action.DROP);
  }

  @Test
  void aRuleGivenOnlyAsADigestMatchesTheTargetAndDoesNotReveal() {
    Blocklist list = new Blocklist();
    policy.follow(new Subscription(list.id, Action.DROP, Set.of(), 1));
    FeedEntry entry = list.block(channel, Category.CSAM, Action.DROP, 0, true);
    assertThat(BlockRule.decode(entry.body()).target()).isEmpty();
    assertThat(dev.samizdat.crypto.Bytes.hex(entry.body())).doesNotContain("010203");
    policy.apply(entry);
    assertThat(policy.decide(channel, NOW).action()).contains(Action.DROP);
  }
}
