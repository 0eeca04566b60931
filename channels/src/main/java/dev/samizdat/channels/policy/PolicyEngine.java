package dev.samizdat.channels.policy;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user's moderation policy: the blocklists they follow (each a {@link Subscription}) with the rules
 * those lists currently hold, and the user's own blocks and allows, which come first. Answers, per
 * target, what to do and why.
 *
 * <p>Thread-safe: {@link #decide} is lock-free (an index of immutable arrays keyed by the target's
 * digest) and costs one hash and one map lookup whatever the number of rules; changes are serialised.
 */
public final class PolicyEngine {
  private record ListRule(FeedId list, long sequence, Ed25519PublicKey moderator, BlockRule rule) {}

  private static final ListRule[] NO_RULES = new ListRule[0];

  private final Map<FeedId, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Map<FeedId, Map<Target.Digest, ListRule>> rulesByList = new HashMap<>();
  private final Map<Target.Digest, ListRule[]> index = new ConcurrentHashMap<>();
  private final Map<Target.Digest, Optional<Action>> userRules = new ConcurrentHashMap<>();

  /** Follows a list (or changes how it is followed). Its rules arrive through {@link #apply}. */
  public synchronized void follow(Subscription subscription) {
    subscriptions.put(subscription.list(), subscription);
    rulesByList.computeIfAbsent(subscription.list(), list -> new HashMap<>());
  }

  /** Stops following a list: every effect it had disappears at once. */
  public synchronized void unfollow(FeedId list) {
    subscriptions.remove(list);
    Map<Target.Digest, ListRule> rules = rulesByList.remove(list);
    if (rules != null) {
      rules.keySet().forEach(digest -> removeFromIndex(digest, list));
    }
  }

  public Optional<Subscription> subscription(FeedId list) {
    return Optional.ofNullable(subscriptions.get(list));
  }

  /**
   * Applies one entry of a followed blocklist, in log order: a BLOCK adds or replaces the list's rule
   * on its target, a RETRACT removes it. Other entry types are ignored.
   *
   * @throws FeedException when the list is not followed
   */
  public void apply(FeedEntry entry) {
    BlockRule.carriedBy(entry).ifPresent(rule ->
        apply(entry.feed(), entry.sequence(), entry.signer(), entry.contentType() == ContentType.RETRACT, rule));
  }

  /**
   * Applies one rule of a followed list whose entry was verified when it was stored (so that a node
   * can rebuild its policy at start without decoding every entry again).
   */
  public synchronized void apply(FeedId list, long sequence, Ed25519PublicKey moderator, boolean retraction,
      BlockRule rule) {
    Map<Target.Digest, ListRule> rules = rulesByList.get(list);
    if (rules == null) {
      throw new FeedException("rules of a blocklist that is not followed");
    }
    removeFromIndex(rule.digest(), list);
    if (retraction) {
      rules.remove(rule.digest());
      return;
    }
    ListRule listRule = new ListRule(list, sequence, moderator, rule);
    rules.put(rule.digest(), listRule);
    index.merge(rule.digest(), new ListRule[] {listRule}, (old, added) -> {
      ListRule[] merged = Arrays.copyOf(old, old.length + 1);
      merged[old.length] = added[0];
      return merged;
    });
  }

  /** The user's own block, which overrides every list. */
  public void userBlock(Target target, Action action) {
    userRules.put(target.digest(), Optional.of(action));
  }

  /** The user's own allow: the target is shown whatever the lists say. */
  public void userAllow(Target target) {
    userRules.put(target.digest(), Optional.empty());
  }

  /** Removes the user's own block or allow of {@code target}; false if there was none. */
  public boolean clearUserRule(Target target) {
    return userRules.remove(target.digest()) != null;
  }

  public int ruleCount() {
    return index.values().stream().mapToInt(rules -> rules.length).sum();
  }

  public Decision decide(Target target, long nowMillis) {
    return decide(target.digest(), nowMillis);
  }

  public Decision decide(Target.Digest digest, long nowMillis) {
    Optional<Action> user = userRules.get(digest);
    if (user != null) {
      return new Decision(user, Decision.Source.USER, List.of());
    }
    ListRule[] rules = index.getOrDefault(digest, NO_RULES);
    if (rules.length == 0) {
      return Decision.SHOWN;
    }
    List<Decision.Provenance> reasons = new ArrayList<>(rules.length);
    int listsForDrop = 0;
    for (ListRule listRule : rules) {
      Subscription subscription = subscriptions.get(listRule.list());
      BlockRule rule = listRule.rule();
      if (subscription == null || !subscription.applies(rule.category()) || rule.expiredAt(nowMillis)) {
        continue;
      }
      Action applied = rule.recommended().weakest(subscription.maxAction());
      if (applied == Action.DROP) {
        listsForDrop++;
      }
      reasons.add(new Decision.Provenance(listRule.list(), listRule.sequence(), listRule.moderator(),
          rule.category(), rule.recommended(), applied, rule.reason()));
    }
    if (reasons.isEmpty()) {
      return Decision.SHOWN;
    }
    Action strongest = Action.WARN;
    for (int i = 0; i < reasons.size(); i++) {
      Decision.Provenance reason = reasons.get(i);
      Action applied = reason.applied();
      if (applied == Action.DROP && subscriptions.get(reason.list()).dropThreshold() > listsForDrop) {
        applied = Action.HIDE;
        reasons.set(i, new Decision.Provenance(reason.list(), reason.entrySequence(), reason.moderator(),
            reason.category(), reason.recommended(), applied, reason.reason()));
      }
      if (applied.compareTo(strongest) > 0) {
        strongest = applied;
      }
    }
    return new Decision(Optional.of(strongest), Decision.Source.LISTS, List.copyOf(reasons));
  }

  private void removeFromIndex(Target.Digest digest, FeedId list) {
    index.computeIfPresent(digest, (key, rules) -> {
      ListRule[] kept = Arrays.stream(rules).filter(rule -> !rule.list().equals(list)).toArray(ListRule[]::new);
      return kept.length == 0 ? null : kept;
    });
  }
}
