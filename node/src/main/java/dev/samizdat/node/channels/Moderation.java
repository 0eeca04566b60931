package dev.samizdat.node.channels;

import com.google.protobuf.ByteString;
import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.policy.PolicyEngine;
import dev.samizdat.channels.policy.Subscription;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.post.ChannelView;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.channels.ChannelText.TargetRef;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.FeedKind;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.Follow;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.UserRule;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Blocklists and the user's policy in the node: the user's own lists (written here), the lists they
 * follow (replicated like channels, their rules applied to a {@link PolicyEngine} as they arrive and
 * rebuilt from the stored entries at start), the user's own blocks and allows, and enforcement: a
 * channel the policy DROPs is deleted, neither stored nor served, until the policy changes. Reports go
 * through {@link ReviewDesk}. Public methods return futures completed on the service's worker.
 */
public final class Moderation {
  private final ChannelService service;
  private final PolicyEngine policy = new PolicyEngine();
  private final ReviewDesk desk;
  private volatile Supplier<List<Contact>> contacts = List::of;

  Moderation(ChannelService service) {
    this.service = service;
    this.desk = new ReviewDesk(service);
  }

  public ReviewDesk desk() {
    return desk;
  }

  /** The user's contacts, for previews and for whom lists may not refuse (set by the node assembly from messaging). */
  public void setContacts(Supplier<List<Contact>> contacts) {
    this.contacts = contacts;
  }

  /** The contacts the user chose (named or verified): lists do not decide whether the user hears from them. */
  private List<PeerId> chosenContacts() {
    return contacts.get().stream().filter(Contact::chosenByUser).map(Contact::peer).toList();
  }

  /** Rebuilds the policy from the stored follows, their lists' stored entries and the user's rules. Worker only. */
  void load() {
    for (Follow follow : service.settingsStore.follows()) {
      Subscription subscription = subscription(follow);
      policy.follow(subscription);
      applyStoredRules(policy, subscription.list());
    }
    for (UserRule rule : service.settingsStore.userRules()) {
      ChannelText.target(rule.getTarget()).target().ifPresent(target -> {
        if (rule.getAllow()) {
          policy.userAllow(target);
        } else {
          policy.userBlock(target, storedAction(rule.getAction(), "your stored rule on " + rule.getTarget()));
        }
      });
    }
  }

  /** Applies a list's stored rules without verifying them again: they were verified when stored. */
  private void applyStoredRules(PolicyEngine engine, FeedId list) {
    service.store.forEachEntry(list, engine::apply);
  }

  private static Subscription subscription(Follow follow) {
    FeedId list = FeedId.fromBytes(follow.getList().toByteArray());
    String row = "your stored follow of the blocklist " + ChannelText.id(list);
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (int code : follow.getCategoriesList()) {
      try {
        categories.add(Category.fromCode(code));
      } catch (MalformedInputException unknown) {
        throw new StoreException(row + " has block category " + Integer.toUnsignedString(code)
            + ", which this version does not know");
      }
    }
    return new Subscription(list, storedAction(follow.getMaxAction(), row), categories,
        Math.max(1, follow.getDropThreshold()));
  }

  /**
   * An action as the settings store keeps it: by its code, as the rules lists sign it. A value this
   * version does not know (written by a later one, or damaged) fails naming the row: guessing an action
   * could show what the user meant to block.
   */
  private static Action storedAction(int code, String row) {
    try {
      return Action.fromCode(code);
    } catch (MalformedInputException e) {
      throw new StoreException(row + " has action " + Integer.toUnsignedString(code)
          + ", which this version does not know (0 warn, 1 hide, 2 drop)");
    }
  }

  // ---- decisions ----

  /** False for a feed the policy DROPs: it is neither stored nor served. Thread-safe. */
  boolean allowed(FeedId feed) {
    return !decideChannel(feed).is(Action.DROP);
  }

  /**
   * False for a blob the policy DROPs, or whose every held post that names it the policy drops (the
   * post, or its author): it is then neither fetched nor served. A post of the user's own channels
   * answers to the user's own rules only, as it does when read. Thread-safe.
   */
  public boolean allowedBlob(BlobId blob) {
    return keeps(blob, decideBlob(blob));
  }

  /** What the policy does with a file attached to a post of {@code channel}, and whether this node keeps it. */
  public record FileVerdict(Decision decision, boolean kept) {}

  /**
   * The rules on a file attached to {@code channel}, which the user's own channels take from the user
   * alone (as their posts do), and {@link #allowedBlob}'s answer, from one decision. Thread-safe.
   */
  public FileVerdict decideAttachment(FeedId channel, BlobId blob) {
    Decision onBlob = decideBlob(blob);
    return new FileVerdict(onlyTheUsersOwnFor(channel, onBlob), keeps(blob, onBlob));
  }

  private Decision decideBlob(BlobId blob) {
    return policy.decide(new Target(Target.Kind.BLOB, blob.toBytes()), service.clock.millis());
  }

  private boolean keeps(BlobId blob, Decision onBlob) {
    return !onBlob.is(Action.DROP) && droppedThroughPosts(blob).isEmpty();
  }

  /**
   * The decisions of the held posts that name {@code blob} when the policy drops every one of them, and
   * so the file with them; empty when one of them is kept (read no further), or when none is held: a blob
   * no held post names (asked for before its post arrived) is fetched but not kept, nothing to decide.
   */
  private Optional<List<Decision>> droppedThroughPosts(BlobId blob) {
    List<BlobStore.PostKey> posts = service.store.blobs().references(blob);
    List<Decision> drops = new ArrayList<>(posts.size());
    for (BlobStore.PostKey post : posts) {
      Optional<Decision> decision = heldPostDecision(post);
      if (decision.isEmpty() || !decision.get().is(Action.DROP)) {
        return Optional.empty();
      }
      drops.add(decision.get());
    }
    return drops.isEmpty() ? Optional.empty() : Optional.of(drops);
  }

  /** A held post's decision, as a read makes it; empty when its entry is not held. */
  private Optional<Decision> heldPostDecision(BlobStore.PostKey post) {
    return service.store.entry(post.feed(), post.sequence())
        .map(entry -> decidePost(post.feed(), post.sequence(), entry.signer(), decideChannel(post.feed())));
  }

  /**
   * Whether messages and deposits from {@code peer} are taken: not when the policy hides or drops it,
   * unless the peer is a contact the user named or verified and only lists say so (whom of those they
   * hear from is the user's own decision; an unnamed contact is only someone whose message was taken).
   */
  public boolean acceptsFrom(PeerId peer) {
    Decision decision = policy.decide(ChannelText.peerTarget(peer), service.clock.millis());
    if (!decision.is(Action.HIDE) && !decision.is(Action.DROP)) {
      return true;
    }
    return decision.source() != Decision.Source.USER && chosenContacts().contains(peer);
  }

  Decision decideChannel(FeedId feed) {
    return onlyTheUsersOwnFor(feed, policy.decide(ChannelText.channelTarget(feed), service.clock.millis()));
  }

  /** A post's decision: its channel's, its own and its author's, the strongest winning. */
  Decision decidePost(FeedId channel, long sequence, Ed25519PublicKey author, Decision channelDecision) {
    long now = service.clock.millis();
    return onlyTheUsersOwnFor(channel, combine(List.of(channelDecision,
        policy.decide(ChannelText.postTarget(channel, sequence), now),
        policy.decide(ChannelText.peerTarget(author), now))));
  }

  /**
   * The user's own channels and lists, and the lists they follow, answer to the user's own rules
   * only: a list must not hide the user's own writing from them, nor silence another list they
   * chose to follow (or itself) on their node, which would freeze that list's rules where they stand.
   */
  private Decision onlyTheUsersOwnFor(FeedId feed, Decision decision) {
    return exemptionOf(feed).isPresent() && decision.source() != Decision.Source.USER ? Decision.SHOWN : decision;
  }

  /** Why the lists the user follows do not decide about something (see {@link #onlyTheUsersOwnFor}). */
  public enum Exemption {
    /** The user's own channel or list, or something in it. */
    OWN,
    /** A list the user follows. */
    FOLLOWED_LIST,
    /** A contact the user named or verified: lists do not decide whether the user hears from them. */
    CHOSEN_CONTACT
  }

  private Optional<Exemption> exemptionOf(FeedId feed) {
    if (service.isOwn(feed)) {
      return Optional.of(Exemption.OWN);
    }
    return policy.subscription(feed).map(followed -> Exemption.FOLLOWED_LIST);
  }

  /**
   * Combines decisions on one item: the user's own rules come first (an allow shows it whatever the
   * lists say); otherwise the strongest action wins and every reason is kept.
   */
  static Decision combine(List<Decision> decisions) {
    List<Decision> user = decisions.stream().filter(d -> d.source() == Decision.Source.USER).toList();
    List<Decision> considered = user.isEmpty() ? decisions : user;
    Optional<Action> strongest = Optional.empty();
    List<Decision.Provenance> reasons = new ArrayList<>();
    Decision.Source source = Decision.Source.NONE;
    for (Decision d : considered) {
      if (d.action().isPresent() && (strongest.isEmpty() || d.action().get().compareTo(strongest.get()) > 0)) {
        strongest = d.action();
      }
      if (d.source() != Decision.Source.NONE) {
        source = d.source();
      }
      reasons.addAll(d.reasons());
    }
    if (strongest.isEmpty() && source != Decision.Source.USER) {
      return Decision.SHOWN;
    }
    return new Decision(strongest, source, List.copyOf(reasons));
  }

  /** How the user follows {@code list}, if they do. Thread-safe. */
  public Optional<Subscription> subscription(FeedId list) {
    return policy.subscription(list);
  }

  /**
   * What the policy decides about a target, and, when an {@link Exemption} set aside what the lists
   * say, which one and what they would have decided. For a contact the user chose, {@code decision}
   * still holds for the posts they write; only their messages are exempt. {@code throughPosts}: a file
   * dropped because the policy drops every post here that names it, {@code decision} then combining
   * those posts' decisions.
   */
  public record Explanation(Decision decision, Optional<Exemption> exemption, Decision setAside,
      boolean throughPosts) {}

  /** Why a target is shown, warned, hidden or dropped. */
  public CompletableFuture<Explanation> why(TargetRef target) {
    return service.call(() -> {
      long now = service.clock.millis();
      Optional<Target> named = target.target();
      Optional<Target.Kind> kind = named.map(Target::kind);
      if (kind.equals(Optional.of(Target.Kind.BLOB))) {
        return explainFile(BlobId.fromBytes(named.get().id()), policy.decide(target.digest(), now));
      }
      if (kind.equals(Optional.of(Target.Kind.PEER))) {
        Decision decision = policy.decide(target.digest(), now);
        PeerId peer = PeerId.fromBytes(named.get().id());
        boolean exempt = decision.action().isPresent() && decision.source() != Decision.Source.USER
            && chosenContacts().contains(peer);
        return new Explanation(decision, exempt ? Optional.of(Exemption.CHOSEN_CONTACT) : Optional.empty(),
            exempt ? decision : Decision.SHOWN, false);
      }
      Optional<FeedId> feed;
      Decision asTheListsSay;
      if (kind.equals(Optional.of(Target.Kind.CHANNEL))) {
        feed = Optional.of(FeedId.fromBytes(named.get().id()));
        asTheListsSay = policy.decide(target.digest(), now);
      } else if (kind.equals(Optional.of(Target.Kind.POST))) {
        // A post is shown or not as its channel and its author are too: the same decision a read makes.
        ChannelText.PostAddress post = ChannelText.postAddress(named.get());
        feed = Optional.of(post.channel());
        List<Decision> parts = new ArrayList<>(List.of(policy.decide(ChannelText.channelTarget(post.channel()), now),
            policy.decide(target.digest(), now)));
        service.postAuthor(post.channel(), post.sequence())
            .ifPresent(author -> parts.add(policy.decide(ChannelText.peerTarget(author), now)));
        asTheListsSay = combine(parts);
      } else {
        feed = Optional.empty();
        asTheListsSay = policy.decide(target.digest(), now);
      }
      Optional<Exemption> exemption = feed.flatMap(this::exemptionOf)
          .filter(e -> asTheListsSay.action().isPresent() && asTheListsSay.source() != Decision.Source.USER);
      return exemption.isPresent() ? new Explanation(Decision.SHOWN, exemption, asTheListsSay, false)
          : new Explanation(asTheListsSay, Optional.empty(), Decision.SHOWN, false);
    });
  }

  /**
   * A file is dropped by the rules on it, or, as {@link #allowedBlob} decides, when the policy drops
   * every held post that names it: then the decisions on those posts are why.
   */
  private Explanation explainFile(BlobId blob, Decision onTheFile) {
    Optional<List<Decision>> throughPosts = onTheFile.is(Action.DROP) ? Optional.empty() : droppedThroughPosts(blob);
    return throughPosts.map(posts -> new Explanation(combine(posts), Optional.empty(), Decision.SHOWN, true))
        .orElseGet(() -> new Explanation(onTheFile, Optional.empty(), Decision.SHOWN, false));
  }

  /** What a decision shows of a list: its name and its moderators (as its manifest names them). */
  public record ListLabel(String name, List<Ed25519PublicKey> moderators) {}

  /** The blocklists this node holds, labelled for showing decisions. Thread-safe. */
  public java.util.Map<FeedId, ListLabel> listLabels() {
    java.util.Map<FeedId, ListLabel> labels = new java.util.HashMap<>();
    for (FeedId list : service.feeds(FeedKind.BLOCKLIST)) {
      labels.put(list, service.manifest(list).map(m -> new ListLabel(m.name(), m.moderators()))
          .orElse(new ListLabel("", List.of())));
    }
    return labels;
  }

  /**
   * One entry of a list: a block or a retraction, with the target the list named for it (a
   * retraction, which carries only a digest, takes the name from the block it lifts), and whether a
   * block is in force now (not retracted, not replaced by a later block, not expired).
   */
  public record ListEntry(long sequence, boolean retraction, TargetRef target, BlockRule rule, long createdAtMillis,
      boolean inForce) {}

  /** The blocks and retractions of a list held here, oldest first. */
  public CompletableFuture<List<ListEntry>> entries(FeedId list) {
    return service.call(() -> {
      service.requireHeld(list);
      record Signed(long sequence, boolean retraction, BlockRule rule, long createdAtMillis) {}
      List<Signed> signed = new ArrayList<>();
      java.util.Map<Target.Digest, Long> latestBlock = new java.util.HashMap<>();
      java.util.Map<Target.Digest, Target> named = new java.util.HashMap<>();
      service.store.forEachEntry(list, entry -> BlockRule.carriedBy(entry).ifPresent(rule -> {
        boolean retraction = entry.contentType() == ContentType.RETRACT;
        signed.add(new Signed(entry.sequence(), retraction, rule, entry.timestampMillis()));
        rule.target().ifPresent(t -> named.put(rule.digest(), t));
        if (retraction) {
          latestBlock.remove(rule.digest());
        } else {
          latestBlock.put(rule.digest(), entry.sequence());
        }
      }));
      long now = service.clock.millis();
      List<ListEntry> out = new ArrayList<>(signed.size());
      for (Signed e : signed) {
        Target.Digest digest = e.rule().digest();
        Long latest = latestBlock.get(digest);
        boolean inForce = !e.retraction() && latest != null && latest == e.sequence() && !e.rule().expiredAt(now);
        out.add(new ListEntry(e.sequence(), e.retraction(), new TargetRef(Optional.ofNullable(named.get(digest)), digest),
            e.rule(), e.createdAtMillis(), inForce));
      }
      return out;
    });
  }

  // ---- the user's own lists ----

  /** Creates a blocklist whose moderator (who receives its reports) is the user. */
  public CompletableFuture<Views.FeedInfo> createList(String name, String description) {
    return service.call(() -> service.createFeed(Manifest.Kind.BLOCKLIST, name, description,
        List.of(service.identity.publicKey())));
  }

  /** Publishes a BLOCK entry on one of the user's lists; returns its sequence. */
  public CompletableFuture<Long> addRule(FeedId list, TargetRef target, Category category, String reason,
      Action recommended, long expiresAtMillis, boolean digestOnly) {
    return service.call(() -> publishBlock(list, target, category, reason, recommended, expiresAtMillis, digestOnly));
  }

  long publishBlock(FeedId list, TargetRef target, Category category, String reason, Action recommended,
      long expiresAtMillis, boolean digestOnly) {
    requireOwnList(list);
    if (expiresAtMillis > 0 && expiresAtMillis <= service.clock.millis()) {
      // It would lift an earlier block on the target at once: that is what a retraction is for, and says so.
      throw ChannelException.invalid("the block's expiry " + java.time.Instant.ofEpochMilli(expiresAtMillis)
          + " has already passed");
    }
    BlockRule rule;
    try {
      rule = target.target().isPresent()
          ? BlockRule.of(target.target().get(), digestOnly, category, recommended, expiresAtMillis, reason)
          : new BlockRule(Optional.empty(), target.digest(), category, recommended, expiresAtMillis, reason);
    } catch (IllegalArgumentException e) {
      throw ChannelException.invalid(e.getMessage());
    }
    FeedEntry entry = service.appendOwn(list, ContentType.BLOCK, rule.encode());
    target.target().ifPresent(t -> desk.blockPublished(list, t, entry.sequence()));
    return entry.sequence();
  }

  /** Publishes a RETRACT entry, which lifts the list's rule on the target for everyone following it. */
  public CompletableFuture<Long> retract(FeedId list, TargetRef target, String reason) {
    return service.call(() -> publishRetraction(list, target, reason));
  }

  long publishRetraction(FeedId list, TargetRef target, String reason) {
    requireOwnList(list);
    if (rulesOf(list).decide(target.digest(), service.clock.millis()).action().isEmpty()) {
      throw ChannelException.conflict(ChannelText.id(list) + " does not block " + ChannelText.target(target)
          + ": nothing to retract");
    }
    // A retraction matches by digest alone, so it never names a target the block kept hidden.
    BlockRule rule = new BlockRule(Optional.empty(), target.digest(), Category.OTHER, Action.WARN, 0,
        reason == null ? "" : reason);
    FeedEntry entry = service.appendOwn(list, ContentType.RETRACT, rule.encode());
    target.target().ifPresent(t -> desk.blockRetracted(list, t));
    return entry.sequence();
  }

  /**
   * Destroys one of the user's own lists here, as {@link ChannelService#destroyOwn} does a channel, with its
   * review queue. Who follows it keeps its last rules, which nobody can retract any more. Returns how many
   * entries were deleted.
   */
  public CompletableFuture<Long> destroyList(FeedId list) {
    return service.call(() -> {
      long entries = service.destroyOwn(list, FeedKind.BLOCKLIST);
      service.settingsStore.removeFollow(list);
      policy.unfollow(list);
      desk.forget(list);
      enforce();
      return entries;
    });
  }

  /**
   * How many entries {@link #destroyList} would delete, refused as it would be (a list not held, not
   * the user's own, or a channel); nothing is deleted.
   */
  public CompletableFuture<Long> destroyableList(FeedId list) {
    return service.call(() -> service.destroyable(list, FeedKind.BLOCKLIST));
  }

  void requireOwnList(FeedId list) {
    if (!service.isOwn(list) || service.heldFeed(list).orElseThrow().getKind() != FeedKind.BLOCKLIST) {
      throw ChannelException.notFound(ChannelText.id(list) + " is not one of your blocklists");
    }
  }

  // ---- following ----

  public static final String THRESHOLD_RULE =
      "'threshold' (how many of the lists you follow must say drop before something is dropped) is a whole number,"
      + " at least 1";

  /** Follows a list (or changes how): fetches it, applies its rules, enforces them. */
  public CompletableFuture<Views.FeedInfo> follow(FeedId list, Action maxAction, Set<Category> categories,
      int dropThreshold) {
    if (dropThreshold < 1) {
      return CompletableFuture.failedFuture(ChannelException.invalid(THRESHOLD_RULE));
    }
    return service.hold(list, FeedKind.BLOCKLIST).thenCompose(ignored -> service.call(() -> {
      Follow.Builder follow = Follow.newBuilder().setList(ByteString.copyFrom(list.toBytes()))
          .setMaxAction(maxAction.code()).setDropThreshold(dropThreshold)
          .setFollowedAtMillis(service.clock.millis());
      categories.forEach(c -> follow.addCategories(c.code()));
      service.settingsStore.putFollow(follow.build());
      policy.unfollow(list);
      policy.follow(subscription(follow.build()));
      applyStoredRules(policy, list);
      enforce();
      deleteDroppedBlobs();
      return null;
    })).thenCompose(ignored -> service.awaitManifest(list)).thenCompose(ignored -> service.call(() -> {
      Views.FeedInfo info = service.info(list);
      if (info.kind().isPresent() && info.kind().get() != Manifest.Kind.BLOCKLIST) {
        // Its manifest arrived: a channel, not a list. Following it would apply nothing and list it as a list.
        service.settingsStore.removeFollow(list);
        policy.unfollow(list);
        if (service.heldFeed(list).map(f -> f.getKind() == FeedKind.BLOCKLIST).orElse(false)) {
          service.drop(list);
        }
        enforce();
        throw ChannelException.invalid(ChannelText.id(list) + " is a channel, not a blocklist: subscribe to it instead");
      }
      return info;
    }));
  }

  /** Stops following a list: every effect it had disappears, and dropped channels are fetched again. */
  public CompletableFuture<Void> unfollow(FeedId list) {
    return service.call(() -> {
      if (policy.subscription(list).isEmpty()) {
        throw ChannelException.notFound("not following " + ChannelText.id(list));
      }
      service.settingsStore.removeFollow(list);
      policy.unfollow(list);
      if (!service.isOwn(list)) {
        service.drop(list);
      }
      enforce();
      return null;
    });
  }

  /** The user's own lists and the lists they follow. */
  public CompletableFuture<List<Views.FeedInfo>> lists() {
    return service.call(() -> {
      List<Views.FeedInfo> out = new ArrayList<>();
      for (FeedId list : service.feeds(FeedKind.BLOCKLIST)) {
        out.add(service.info(list));
      }
      return out;
    });
  }

  /** Rules a list currently holds (blocks not retracted), for display. */
  int ruleCount(FeedId list) {
    return rulesOf(list).ruleCount();
  }

  /** An engine holding only {@code list}'s rules, every category followed at full strength. */
  private PolicyEngine rulesOf(FeedId list) {
    PolicyEngine engine = new PolicyEngine();
    engine.follow(new Subscription(list, Action.DROP, Set.of(), 1));
    applyStoredRules(engine, list);
    return engine;
  }

  /** What following a list would do: its name and moderators, and what it would act on. */
  public record Preview(ListLabel list, List<Views.Affected> affected) {}

  /**
   * What following {@code list} with this action and these categories would do among the channels,
   * posts and files the user holds (not their own: lists do not decide about those) and their
   * contacts' posts. Fetches the list first if the node does not hold it, and forgets it after.
   */
  public CompletableFuture<Preview> preview(FeedId list, Action maxAction, Set<Category> categories) {
    boolean heldBefore = service.holds(list);
    CompletableFuture<Void> fetched = heldBefore ? CompletableFuture.completedFuture(null)
        : service.hold(list, FeedKind.BLOCKLIST).thenCompose(ignored -> service.awaitCatchUp(list));
    return fetched.thenCompose(ignored -> service.call(() -> {
      Optional<Manifest> manifest = service.manifest(list);
      if (manifest.isEmpty() || manifest.get().kind() != Manifest.Kind.BLOCKLIST) {
        if (!heldBefore) {
          service.drop(list);
        }
        throw manifest.isEmpty()
            ? ChannelException.notFound("no peer serving " + ChannelText.id(list) + " has answered: nothing to preview"
                + " (is the link right, and is one of its readers online?)")
            : ChannelException.invalid(ChannelText.id(list) + " is a channel, not a blocklist");
      }
      PolicyEngine engine = new PolicyEngine();
      engine.follow(new Subscription(list, maxAction, categories, 1));
      applyStoredRules(engine, list);
      List<Views.Affected> affected = previewChannels(engine);
      long now = service.clock.millis();
      for (PeerId peer : chosenContacts()) {
        Decision decision = engine.decide(ChannelText.peerTarget(peer), now);
        if (decision.action().isPresent()) {
          affected.add(new Views.Affected(ChannelText.target(ChannelText.peerTarget(peer)),
              "a contact: their posts (messages from contacts still reach you)", decision));
        }
      }
      if (!heldBefore && policy.subscription(list).isEmpty()) {
        service.drop(list);
      }
      return new Preview(new ListLabel(manifest.get().name(), manifest.get().moderators()), affected);
    }));
  }

  /** A whole channel the engine acts on, or else each of its posts and files it acts on. Worker only. */
  private List<Views.Affected> previewChannels(PolicyEngine engine) {
    long now = service.clock.millis();
    List<Views.Affected> affected = new ArrayList<>();
    for (FeedId channel : service.feeds(FeedKind.CHANNEL)) {
      if (service.isOwn(channel)) {
        continue;
      }
      String name = service.manifest(channel).map(Manifest::name).orElse("");
      Decision whole = engine.decide(ChannelText.channelTarget(channel), now);
      if (whole.action().isPresent()) {
        affected.add(new Views.Affected(ChannelText.target(ChannelText.channelTarget(channel)), name, whole));
        continue;
      }
      for (ChannelView.VisiblePost post : service.view(channel).posts()) {
        Target postTarget = ChannelText.postTarget(channel, post.sequence());
        Decision decision = combine(List.of(engine.decide(postTarget, now),
            engine.decide(ChannelText.peerTarget(post.author()), now)));
        if (decision.action().isPresent()) {
          affected.add(new Views.Affected(ChannelText.target(postTarget), name + " #" + post.sequence(), decision));
        }
        for (BlobRef file : post.content().attachments()) {
          Target fileTarget = new Target(Target.Kind.BLOB, file.id().toBytes());
          Decision onFile = engine.decide(fileTarget, now);
          if (onFile.action().isPresent()) {
            affected.add(new Views.Affected(ChannelText.target(fileTarget),
                name + " #" + post.sequence() + ": " + file.name(), onFile));
          }
        }
      }
    }
    return affected;
  }

  // ---- the user's own rules ----

  /** The user's own block ({@code action} present) or allow (empty) of a target, before every list. */
  public CompletableFuture<Decision> setUserRule(Target target, Optional<Action> action) {
    return service.call(() -> {
      if (action.isPresent() && target.equals(ChannelText.peerTarget(service.host.peerId()))) {
        // It would decide nothing: what this node writes is never hidden from it.
        throw ChannelException.invalid("that is your own peer id: what you write is always shown to you");
      }
      service.settingsStore.putUserRule(UserRule.newBuilder()
          .setDigest(ByteString.copyFrom(target.digest().toBytes())).setTarget(ChannelText.target(target))
          .setAllow(action.isEmpty()).setAction(action.map(Action::code).orElse(0)).build());
      if (action.isPresent()) {
        policy.userBlock(target, action.get());
      } else {
        policy.userAllow(target);
      }
      enforce();
      deleteIfDropped(target);
      return policy.decide(target, service.clock.millis());
    });
  }

  public CompletableFuture<Decision> clearUserRule(Target target) {
    return service.call(() -> {
      if (!policy.clearUserRule(target)) {
        throw ChannelException.notFound("you have no block or allow of " + ChannelText.target(target)
            + ": nothing to remove");
      }
      service.settingsStore.removeUserRule(target.digest().toBytes());
      enforce();
      deleteIfDropped(target);
      return policy.decide(target, service.clock.millis());
    });
  }

  // ---- enforcement ----

  /** A followed list's new entries change the policy at once. Worker only. */
  void onAppended(FeedId feed, List<FeedEntry> entries) {
    if (policy.subscription(feed).isEmpty()) {
      return;
    }
    boolean changed = false;
    List<Target> blocked = new ArrayList<>();
    boolean hiddenBlocked = false;
    for (FeedEntry entry : entries) {
      Optional<BlockRule> decoded = BlockRule.carriedBy(entry);
      if (decoded.isEmpty()) {
        continue;
      }
      BlockRule rule = decoded.get();
      boolean retraction = entry.contentType() == ContentType.RETRACT;
      try {
        policy.apply(feed, entry.sequence(), entry.signer(), retraction, rule);
      } catch (FeedException unfollowed) {
        continue; // the list was unfollowed meanwhile
      }
      changed = true;
      if (!retraction) {
        rule.target().ifPresent(blocked::add);
        hiddenBlocked |= rule.target().isEmpty();
      }
    }
    if (changed) {
      enforce();
    }
    if (hiddenBlocked || blocked.stream().anyMatch(target -> target.kind() == Target.Kind.PEER)) {
      // a rule that names its target only by digest may be about any blob held; one on a peer, about
      // the files of every post that peer wrote
      deleteDroppedBlobs();
    } else {
      blocked.forEach(this::deleteIfDropped);
    }
  }

  /**
   * Deletes what the policy now drops, and fetches again what it no longer drops. Worker only.
   */
  void enforce() {
    for (FeedKind kind : List.of(FeedKind.CHANNEL, FeedKind.BLOCKLIST)) {
      for (FeedId feed : service.feeds(kind)) {
        if (service.isOwn(feed)) {
          continue;
        }
        if (!allowed(feed)) {
          if (service.store.headSequence(feed) >= 0) {
            service.forgetEntries(feed);
          }
        } else if (service.store.headSequence(feed) < 0) {
          service.refresh(feed);
        }
      }
    }
  }

  /**
   * Deletes the held attachments a rule on {@code target} may have made the policy drop: the blob it
   * names, the files of the post it names, or those of every post of the peer it names. They stay
   * referenced, so that allowed again they are fetched again. Worker only.
   */
  private void deleteIfDropped(Target target) {
    switch (target.kind()) {
      case BLOB -> {
        if (target.id().length == BlobId.LENGTH) {
          deleteBlobIfDropped(BlobId.fromBytes(target.id()));
        }
      }
      case POST -> ChannelText.postAddressIfWellFormed(target).ifPresent(post -> service.store.blobs()
          .namedBy(new BlobStore.PostKey(post.channel(), post.sequence())).forEach(this::deleteBlobIfDropped));
      case PEER -> deleteDroppedBlobs();
      default -> { } // a whole channel the policy drops leaves with its entries and their files
    }
  }

  /** Like a channel, an attachment of the user's own channels is never deleted by the policy: this may be its only copy. */
  private void deleteBlobIfDropped(BlobId blob) {
    BlobStore blobs = service.store.blobs();
    if (!allowedBlob(blob) && blobs.get(blob).isPresent()
        && blobs.referencingFeeds(blob).stream().noneMatch(service::isOwn)) {
      blobs.deleteContent(blob);
      service.db.purgeInBackground(Table.FEED_META);
    }
  }

  /**
   * Looks through the attachments of every channel held (not the user's own) for those the policy
   * now drops, and deletes them: for a rule whose target is published only as a digest, which names
   * no blob this node could look up. It reads every stored entry, so it runs only for such rules.
   */
  private void deleteDroppedBlobs() {
    for (FeedId channel : service.feeds(FeedKind.CHANNEL)) {
      if (service.isOwn(channel)) {
        continue;
      }
      service.store.forEachEntry(channel, entry -> BlobStore.attachments(entry).forEach(this::deleteBlobIfDropped));
    }
  }

  /** Reports: sends one, or lists and resolves the user's review queues. */
  public CompletableFuture<List<String>> report(TargetRef target, FeedId list, Category category, String note,
      boolean appeal) {
    return desk.send(target, list, category, note, appeal);
  }

  /** Whether {@code list}'s own rules block {@code target} now, as its moderators' desk checks. Worker only. */
  boolean blocks(FeedId list, TargetRef target) {
    return rulesOf(list).decide(target.digest(), service.clock.millis()).action().isPresent();
  }
}
