package dev.samizdat.node.channels;

import com.google.protobuf.ByteString;
import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.post.ChannelView;
import dev.samizdat.channels.post.Delete;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.post.PostRef;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.FeedKind;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.HeldFeed;
import dev.samizdat.node.messaging.DisplayNames;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.Table;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels in the node: the user's own channels and subscriptions, replicated over {@code
 * /samizdat/feed/1.0.0} with their providers (found in the DHT), filtered through the user's
 * moderation policy ({@link Moderation}). Built from the node's database, identity, Host and a {@link
 * FeedDirectory}; {@link #start()} serves the protocol, announces every held feed and pulls them
 * periodically; {@link #close()} stops it (the caller closes the Host and database afterwards).
 *
 * <p>Thread-safe. Every change runs on one worker thread, which serialises appends to a feed as
 * {@link FeedLog} requires; public methods return futures completed there. Failures a user can act
 * on fail the future with {@link ChannelException}.
 */
public final class ChannelService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelService.class);
  final Database db;
  final Ed25519PrivateKey identity;
  final Host host;
  final FeedDirectory directory;
  final Clock clock;
  final SecureRandom random;
  final ChannelSettings settings;
  final ChannelsListener listener;
  final RocksFeedStore store;
  final FeedLog log;
  final ChannelsStore settingsStore;
  final RowNames rowNames;
  final FeedSync sync;
  final Moderation moderation;
  final BlobExchange blobs;
  private final FeedReplication replication;
  private final ScheduledExecutorService worker;
  private final Map<FeedId, HeldFeed> held = new ConcurrentHashMap<>();
  private final Map<FeedId, List<CompletableFuture<Void>>> manifestWaiters = new ConcurrentHashMap<>();
  /**
   * Futures that only a task on the worker completes, while they are pending: {@link #close()} fails
   * those whose task it drops, so that no request waits for ever on a stopped node.
   */
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile ScheduledFuture<?> periodic;
  private volatile boolean closed;

  public ChannelService(Database db, Ed25519PrivateKey identity, Host host, FeedDirectory directory, Clock clock,
      SecureRandom random, ChannelSettings settings, ChannelsListener listener) {
    this.db = db;
    this.identity = identity;
    this.host = host;
    this.directory = directory;
    this.clock = clock;
    this.random = random;
    this.settings = settings;
    this.listener = listener;
    this.store = new RocksFeedStore(db);
    this.log = new FeedLog(store);
    this.rowNames = RowNames.forIdentity(identity);
    this.settingsStore = new ChannelsStore(db, rowNames);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "samizdat-channels");
      t.setDaemon(true);
      return t;
    });
    this.moderation = new Moderation(this);
    this.sync = new FeedSync(host, store, worker, clock, new SyncEvents(), settings.limits(),
        settings.requestTimeout());
    this.blobs = new BlobExchange(host, store.blobs(), moderation::allowedBlob, worker, BlobExchange.FETCH_TIMEOUT);
    this.replication = new FeedReplication(this, worker);
  }

  /** Blocklists, the user's policy and the review desk. */
  public Moderation moderation() {
    return moderation;
  }

  /**
   * Loads the held feeds and rebuilds the policy from the followed lists' stored entries, serves the
   * protocol, announces every feed held and starts pulling. Completes when loaded and served (the
   * network work goes on in the background).
   */
  public CompletableFuture<Void> start() {
    return call(() -> {
      if (!store.finishDeletions().isEmpty()) { // cut short by a crash: the tables still hold what went
        db.purgeInBackground(Table.FEED_ENTRIES);
        db.purgeInBackground(Table.FEED_META);
      }
      settingsStore.heldFeeds().forEach(feed -> held.put(FeedId.fromBytes(feed.getFeed().toByteArray()), feed));
      store.blobs().indexOnce(held.keySet(), store::forEachEntry);
      moderation.load();
      sync.start();
      blobs.start();
      for (FeedId feed : held.keySet()) {
        if (store.headSequence(feed) >= 0 && moderation.allowed(feed)) {
          replication.provide(feed);
        }
        if (isOwn(feed)) {
          replication.scheduleHeadPublish(feed);
        }
      }
      periodic = worker.scheduleWithFixedDelay(() -> replication.refreshAll(List.copyOf(held.keySet())), 0,
          settings.pullInterval().toMillis(), TimeUnit.MILLISECONDS);
      return null;
    });
  }

  // ---- channels ----

  /** Creates a channel: a new feed key, its manifest as entry 0; the key is stored encrypted. */
  public CompletableFuture<Views.FeedInfo> createChannel(String name, String description) {
    return call(() -> createFeed(Manifest.Kind.CHANNEL, name, description, List.of()));
  }

  Views.FeedInfo createFeed(Manifest.Kind kind, String name, String description,
      List<dev.samizdat.crypto.Ed25519PublicKey> moderators) {
    Manifest manifest;
    try {
      manifest = new Manifest(kind, name == null ? "" : name.strip(), description, List.of(), moderators);
    } catch (IllegalArgumentException e) {
      throw ChannelException.invalid(e.getMessage());
    }
    // The CLI and the web client name a feed by its name; two of the user's own with one name could
    // then be told apart only by their ids.
    FeedKind heldKind = kind == Manifest.Kind.CHANNEL ? FeedKind.CHANNEL : FeedKind.BLOCKLIST;
    if (!manifest.name().isEmpty() && feeds(heldKind).stream().filter(this::isOwn)
        .anyMatch(f -> DisplayNames.same(manifest(f).map(Manifest::name).orElse(""), manifest.name()))) {
      throw ChannelException.conflict("you already have a " + (kind == Manifest.Kind.CHANNEL ? "channel" : "blocklist")
          + " named '" + manifest.name() + "': choose another name");
    }
    Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
    FeedId feed = new FeedId(feedKey.publicKey());
    HeldFeed record = HeldFeed.newBuilder().setFeed(ByteString.copyFrom(feed.toBytes()))
        .setKind(kind == Manifest.Kind.CHANNEL ? FeedKind.CHANNEL : FeedKind.BLOCKLIST)
        .setFeedKeySeed(ByteString.copyFrom(feedKey.seed())).setAddedAtMillis(clock.millis()).build();
    settingsStore.putHeld(record); // the key first: an entry without its key could never be continued
    held.put(feed, record);
    log.create(feedKey, manifest, clock.millis());
    replication.provide(feed);
    replication.scheduleHeadPublish(feed);
    return info(feed);
  }

  /** Subscribes to a channel and starts fetching it; answers once its manifest is here or after a while. */
  public CompletableFuture<Views.FeedInfo> subscribe(FeedId feed) {
    boolean heldBefore = holds(feed);
    return hold(feed, FeedKind.CHANNEL).thenCompose(ignored -> awaitManifest(feed)).thenCompose(ignored -> call(() -> {
      if (manifest(feed).map(Manifest::kind).orElse(Manifest.Kind.CHANNEL) == Manifest.Kind.BLOCKLIST) {
        if (!heldBefore) {
          drop(feed);
        }
        throw ChannelException.invalid(ChannelText.id(feed) + " is a blocklist, not a channel: follow it with"
            + " 'samizdat blocklist follow'");
      }
      return info(feed);
    }));
  }

  /** Holds a feed (subscription), then pulls it; completes once recorded. */
  CompletableFuture<Void> hold(FeedId feed, FeedKind kind) {
    return call(() -> {
      if (!held.containsKey(feed)) {
        HeldFeed record = HeldFeed.newBuilder().setFeed(ByteString.copyFrom(feed.toBytes())).setKind(kind)
            .setAddedAtMillis(clock.millis()).build();
        settingsStore.putHeld(record);
        held.put(feed, record);
      }
      replication.refresh(feed);
      return null;
    });
  }

  /**
   * Completes when the feed's manifest is stored, when the provider lookup found no peer that serves
   * it, or after {@link ChannelSettings#catchUpWait()}; fails with 503 if the service closes first.
   */
  CompletableFuture<Void> awaitManifest(FeedId feed) {
    CompletableFuture<Void> arrived = whileOpen(new CompletableFuture<>());
    manifestWaiters.compute(feed, (f, waiting) -> {
      List<CompletableFuture<Void>> list = waiting == null ? new CopyOnWriteArrayList<>() : waiting;
      list.add(arrived);
      return list;
    });
    execute(() -> {
      if (store.latestManifest(feed).isPresent()) {
        arrived.complete(null);
      }
    });
    // When the lookup found no peer that serves the feed, there is nobody to wait for: say so now.
    replication.providerLookup(feed).ifPresent(lookup -> lookup.thenRun(() -> execute(() -> {
      if (sync.peers(feed).isEmpty()) {
        arrived.complete(null);
      }
    })));
    return arrived.completeOnTimeout(null, settings.catchUpWait().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, e) -> manifestWaiters.computeIfPresent(feed, (f, waiting) -> {
          waiting.remove(arrived);
          return waiting.isEmpty() ? null : waiting; // no entry without a waiter: onAppended tells by its absence
        }));
  }

  /**
   * Completes once the feed has entries and no connected peer or head record knows of more, or after
   * {@link ChannelSettings#catchUpWait()}; fails with 503 if the service closes first.
   */
  CompletableFuture<Void> awaitCatchUp(FeedId feed) {
    CompletableFuture<Void> done = whileOpen(new CompletableFuture<>());
    long deadline = clock.millis() + settings.catchUpWait().toMillis();
    Runnable[] check = new Runnable[1];
    check[0] = () -> {
      long head = store.headSequence(feed);
      long known = replication.othersHead(feed);
      if ((head >= 0 && head >= known) || clock.millis() >= deadline) {
        done.complete(null);
      } else if (!closed) { // else close() fails the wait
        worker.schedule(check[0], 100, TimeUnit.MILLISECONDS);
      }
    };
    execute(check[0]);
    return done;
  }

  /** Stops holding a channel: its entries are deleted and its peers no longer served. */
  public CompletableFuture<Void> unsubscribe(FeedId feed) {
    return call(() -> {
      HeldFeed record = requireHeld(feed);
      if (record.getFeedKeySeed().size() > 0) {
        throw ChannelException.conflict("this is your own channel: it cannot be unsubscribed (to delete it here,"
            + " with its key, use 'samizdat channel destroy')");
      }
      drop(feed);
      return null;
    });
  }

  /**
   * Destroys one of the user's own channels here: see {@link #destroyOwn}. Returns how many entries
   * (the manifest, posts, edits and deletions) were deleted.
   */
  public CompletableFuture<Long> destroyChannel(FeedId channel) {
    return call(() -> destroyOwn(channel, FeedKind.CHANNEL));
  }

  /**
   * Deletes one of the user's own feeds of {@code kind} with its key: entries, files and settings go,
   * and the tables are rewritten, so that a seized disk shows neither that the user wrote it nor what
   * it said. The copies readers hold stay theirs, and nobody can ever append to it again. Returns how
   * many entries were deleted. Worker only.
   */
  long destroyOwn(FeedId feed, FeedKind kind) {
    long entries = destroyable(feed, kind);
    drop(feed);
    return entries;
  }

  /**
   * What destroying {@code feed} would delete, without deleting it: how many entries, after the checks
   * {@link #destroyOwn} makes (held, of {@code kind}, the user's own), so that a command asking for
   * confirmation refuses what the destroy would refuse. Worker only.
   */
  long destroyable(FeedId feed, FeedKind kind) {
    HeldFeed record = requireHeld(feed);
    boolean channel = kind == FeedKind.CHANNEL;
    if (record.getKind() != kind) {
      String other = channel ? "blocklist" : "channel";
      throw ChannelException.invalid(ChannelText.id(feed) + " is a " + other + ": destroy it with 'samizdat " + other
          + " destroy'");
    }
    if (record.getFeedKeySeed().isEmpty()) {
      throw ChannelException.conflict(ChannelText.id(feed) + " is not your " + (channel ? "channel" : "blocklist")
          + ": " + (channel ? "unsubscribe from it" : "unfollow it") + " instead");
    }
    return store.headSequence(feed) + 1;
  }

  /**
   * How many entries {@link #destroyChannel} would delete, refused as it would be (a channel not held,
   * not the user's own, or a blocklist); nothing is deleted.
   */
  public CompletableFuture<Long> destroyableChannel(FeedId channel) {
    return call(() -> destroyable(channel, FeedKind.CHANNEL));
  }

  /**
   * Forgets a feed: settings (with the key of an own feed), entries, sessions, provider records. The
   * tables are then rewritten, so that a seized disk does not show the feed was held. Worker only.
   */
  void drop(FeedId feed) {
    replication.forget(feed);
    // Marked before the settings row goes: a crash after that leaves a deletion that start() finishes,
    // never entries that no held feed names.
    store.beginDeletion(feed);
    settingsStore.removeHeld(feed);
    held.remove(feed);
    forgetEntries(feed);
    db.purgeInBackground(Table.CHANNELS);
  }

  /** Deletes a feed's entries (from the files too) and stops serving it, keeping the subscription. Worker only. */
  void forgetEntries(FeedId feed) {
    sync.close(feed);
    replication.stopProviding(feed);
    store.deleteFeed(feed);
    db.purgeInBackground(Table.FEED_ENTRIES);
    db.purgeInBackground(Table.FEED_META);
  }

  /** The user's own channels and subscriptions. */
  public CompletableFuture<List<Views.FeedInfo>> channels() {
    return call(() -> feeds(FeedKind.CHANNEL).stream().map(this::info).toList());
  }

  public CompletableFuture<Views.FeedInfo> channel(FeedId feed) {
    return call(() -> {
      requireHeld(feed);
      return info(feed);
    });
  }

  /** Writes a text post to one of the user's own channels. */
  public CompletableFuture<Views.PostView> post(FeedId channel, String text) {
    return post(channel, text, List.of());
  }

  /** A file to attach to a post: its bytes (at most {@link Blob#MAX_SIZE}), media type and name. */
  public record Attachment(byte[] content, String mediaType, String name) {}

  /**
   * Writes a post with attachments to one of the user's own channels: each file is stored as a
   * content-addressed blob (served to subscribers over {@code /samizdat/blob/1.0.0}) and the post names
   * it by hash and size.
   */
  public CompletableFuture<Views.PostView> post(FeedId channel, String text, List<Attachment> files) {
    return call(() -> {
      ownChannelKey(channel);
      List<BlobRef> refs = new ArrayList<>();
      List<Blob> stored = new ArrayList<>();
      Post post;
      long total = files.stream().mapToLong(file -> file.content().length).sum();
      if (total > Post.MAX_FILES_BYTES) {
        throw ChannelException.tooLarge("the files add up to " + total + " bytes, and one post carries at most "
            + Post.MAX_FILES_BYTES + " bytes of files (18 MiB): post them in several posts");
      }
      try {
        for (Attachment file : files) {
          Blob blob = Blob.of(file.content());
          refs.add(blob.ref(file.mediaType(), file.name()));
          stored.add(blob);
        }
        post = new Post(text == null ? "" : text, refs);
      } catch (IllegalArgumentException | FeedException e) {
        throw ChannelException.invalid(e.getMessage());
      }
      stored.forEach(store.blobs()::put); // before the post that names them is announced
      FeedEntry entry = appendOwn(channel, ContentType.POST, post.encode());
      return postView(entry, post);
    });
  }

  /**
   * Replaces the text of one of the user's posts, keeping its attachments; readers show it as edited.
   * The log keeps the original: an edit is a later entry.
   */
  public CompletableFuture<Views.PostView> edit(FeedId channel, long sequence, String text) {
    return call(() -> {
      ownChannelKey(channel);
      ChannelView.VisiblePost post = visiblePost(channel, sequence);
      Post replacement;
      try {
        replacement = new Post(text == null ? "" : text, post.content().attachments());
      } catch (IllegalArgumentException e) {
        throw ChannelException.invalid(e.getMessage());
      }
      FeedEntry entry = appendOwn(channel, ContentType.EDIT,
          new Edit(new PostRef.BySequence(sequence), replacement).encode());
      return new Views.PostView(sequence, post.entryHash(), post.author(), replacement, post.postedAtMillis(),
          entry.timestampMillis(), moderation.decidePost(channel, sequence, post.author(),
              moderation.decideChannel(channel)));
    });
  }

  /**
   * Deletes one of the user's posts: readers stop showing it, and its files leave every node whose
   * other held posts do not name them. The log keeps a tombstone, as a hash chain must.
   */
  public CompletableFuture<Void> deletePost(FeedId channel, long sequence, String reason) {
    return call(() -> {
      ownChannelKey(channel);
      visiblePost(channel, sequence);
      Delete deletion;
      try {
        deletion = new Delete(new PostRef.BySequence(sequence),
            reason == null || reason.isBlank() ? Optional.empty() : Optional.of(reason.strip()));
      } catch (IllegalArgumentException e) {
        throw ChannelException.invalid(e.getMessage());
      }
      appendOwn(channel, ContentType.DELETE, deletion.encode());
      return null;
    });
  }

  /** The channel as readers see it: every stored entry folded, edits and deletions applied. Worker only. */
  ChannelView view(FeedId channel) {
    ChannelView view = new ChannelView(channel);
    store.forEachEntry(channel, view::apply);
    return view;
  }

  /** Who wrote a post this node holds and shows. Worker only. */
  Optional<Ed25519PublicKey> postAuthor(FeedId channel, long sequence) {
    return holds(channel) ? view(channel).post(sequence).map(ChannelView.VisiblePost::author) : Optional.empty();
  }

  private ChannelView.VisiblePost visiblePost(FeedId channel, long sequence) {
    return view(channel).post(sequence).orElseThrow(() -> ChannelException.notFound(
        "no post #" + sequence + " in " + ChannelText.id(channel) + " (deleted, or never posted)"));
  }

  /** The attachment {@code blob} of a visible post of {@code channel}, with the name and type the post gives it. */
  public CompletableFuture<BlobRef> attachmentRef(FeedId channel, BlobId blob) {
    return call(() -> {
      requireHeld(channel);
      return view(channel).posts().stream().flatMap(p -> p.content().attachments().stream())
          .filter(ref -> ref.id().equals(blob)).findFirst()
          .orElseThrow(() -> ChannelException.notFound("no post of " + ChannelText.id(channel) + " has the attachment " + blob));
    });
  }

  /**
   * An attachment of a channel's post: from this node if held, else fetched from the channel's
   * serving peers in turn, verified and stored. Fails if the policy drops it or no peer has it.
   */
  public CompletableFuture<byte[]> attachment(FeedId channel, BlobRef ref) {
    return call(() -> {
      requireHeld(channel);
      Moderation.FileVerdict verdict = moderation.decideAttachment(channel, ref.id());
      if (!verdict.kept()) {
        throw ChannelException.notFound("attachment " + ref.id() + " is dropped by your policy");
      }
      if (verdict.decision().is(Action.HIDE)) {
        // hidden like a post: not opened unless the user allows it ('samizdat allow blob:<hex>')
        throw ChannelException.notFound("attachment " + ref.id() + " is hidden by your policy: allow it to open it");
      }
      return sync.peers(channel);
    }).thenCompose(peers -> {
      CompletableFuture<Blob> attempt = store.blobs().get(ref.id())
          .map(held -> CompletableFuture.completedFuture(Blob.verify(ref, held)))
          .orElseGet(() -> CompletableFuture.failedFuture(new BlobExchange.FetchException("no peer serves " + ref.id())));
      for (PeerId peer : peers) {
        attempt = attempt.exceptionallyCompose(e -> blobs.fetch(peer, ref).thenCompose(
            blob -> call(() -> store.blobs().putIfReferenced(blob)).thenApply(stored -> blob)));
      }
      // Not this node's fault, nor the user's: the file exists, but nobody online has it now.
      return attempt.thenApply(Blob::content).exceptionallyCompose(e -> CompletableFuture.failedFuture(
          ChannelException.unavailable("no peer online has " + ref.id() + " now (" + peers.size()
              + " serving the channel asked): try again when a reader who opened it, or its author, is online")));
    });
  }

  /** Appends an entry to an own feed, pushes it and schedules the head record. Worker only. */
  FeedEntry appendOwn(FeedId feed, ContentType type, byte[] body) {
    Ed25519PrivateKey key = ownKey(feed);
    FeedEntry entry = log.append(feed, type, body, key, clock.millis());
    sync.pushLocal(feed, List.of(entry), null);
    onAppended(feed, List.of(entry));
    replication.scheduleHeadPublish(feed);
    return entry;
  }

  /** The key of one of the user's channels (not lists: their entries are blocks, published by Moderation). */
  private Ed25519PrivateKey ownChannelKey(FeedId channel) {
    Ed25519PrivateKey key = ownKey(channel);
    if (held.get(channel).getKind() == FeedKind.BLOCKLIST) {
      throw ChannelException.conflict(ChannelText.id(channel) + " is a blocklist, not a channel: publish blocks with"
          + " 'samizdat blocklist add'");
    }
    return key;
  }

  Ed25519PrivateKey ownKey(FeedId feed) {
    HeldFeed record = requireHeld(feed);
    if (record.getFeedKeySeed().isEmpty()) {
      throw ChannelException.conflict("only the author can write to " + ChannelText.id(feed));
    }
    return Ed25519PrivateKey.fromSeed(record.getFeedKeySeed().toByteArray());
  }

  /**
   * A page of a channel's posts that the policy shows, oldest first: the first {@code limit} after
   * {@code since}, or with a negative {@code since} the newest {@code limit}. The page says how many
   * shown posts come before and after it, so that a reader knows there are more.
   */
  public CompletableFuture<Views.ChannelPage> read(FeedId channel, long since, int limit) {
    return read(channel, since, -1, limit);
  }

  /**
   * As above; with {@code before} of 1 or more (and a negative {@code since}), the newest {@code
   * limit} shown posts before #{@code before}: the page a reader loads to go further back.
   */
  public CompletableFuture<Views.ChannelPage> read(FeedId channel, long since, long before, int limit) {
    return call(() -> {
      requireHeld(channel);
      Decision channelDecision = moderation.decideChannel(channel);
      Views.FeedInfo info = info(channel);
      List<ForkProof> forks = store.forks(channel);
      List<Views.PostView> shown = new ArrayList<>();
      List<Long> hidden = new ArrayList<>();
      int firstAfterSince = 0;
      int firstFromBefore = 0;
      for (ChannelView.VisiblePost post : view(channel).posts()) {
        Decision decision = moderation.decidePost(channel, post.sequence(), post.author(), channelDecision);
        if (decision.is(Action.HIDE) || decision.is(Action.DROP)) {
          hidden.add(post.sequence());
        } else {
          shown.add(new Views.PostView(post.sequence(), post.entryHash(), post.author(), post.content(),
              post.postedAtMillis(), post.editedAtMillis(), decision));
          if (post.sequence() <= since) {
            firstAfterSince = shown.size();
          }
          if (post.sequence() < before) {
            firstFromBefore = shown.size();
          }
        }
      }
      int end = since < 0 && before > 0 ? firstFromBefore : shown.size();
      int from = since < 0 ? Math.max(0, end - limit) : firstAfterSince;
      int to = Math.min(end, from + limit);
      List<Views.PostView> posts = List.copyOf(shown.subList(from, to));
      // The hidden posts of this page's stretch: after the shown post before it (or #since), up to the next one.
      long after = Math.max(since, from == 0 ? -1 : shown.get(from - 1).sequence());
      long upTo = to == shown.size() ? Long.MAX_VALUE : shown.get(to).sequence();
      List<Long> hiddenHere = hidden.stream().filter(sequence -> sequence > after && sequence < upTo).toList();
      return new Views.ChannelPage(info, posts, from, shown.size() - to, hiddenHere, forks, channelDecision);
    });
  }

  private Views.PostView postView(FeedEntry entry, Post post) {
    Decision decision = moderation.decidePost(entry.feed(), entry.sequence(), entry.signer(),
        moderation.decideChannel(entry.feed()));
    return new Views.PostView(entry.sequence(), entry.hash(), entry.signer(), post, entry.timestampMillis(), 0,
        decision);
  }

  // ---- what the node holds ----

  boolean holds(FeedId feed) {
    return held.containsKey(feed);
  }

  boolean isOwn(FeedId feed) {
    HeldFeed record = held.get(feed);
    return record != null && !record.getFeedKeySeed().isEmpty();
  }

  Optional<HeldFeed> heldFeed(FeedId feed) {
    return Optional.ofNullable(held.get(feed));
  }

  /** The feed's latest manifest (its name, description, moderators), if this node holds a readable one. */
  Optional<Manifest> manifest(FeedId feed) {
    return store.readableManifest(feed);
  }

  /**
   * The feed {@code text} names: an id or a link, or else the name (ignoring case) of the one feed
   * of this kind held here that has it, so that a user may write "bulletin" for their channel. A
   * blocklist named by the id of a channel held here is refused; a channel may be named by a list's
   * id, for reading its entries.
   */
  public CompletableFuture<FeedId> named(FeedKind kind, String text) {
    String what = kind == FeedKind.BLOCKLIST ? "blocklist" : "channel";
    try {
      FeedId id = ChannelText.feed(text);
      HeldFeed record = held.get(id);
      if (kind == FeedKind.BLOCKLIST && record != null && record.getKind() != FeedKind.BLOCKLIST) {
        return CompletableFuture.failedFuture(ChannelException.conflict(ChannelText.id(id) + " is a channel, not a blocklist"));
      }
      return CompletableFuture.completedFuture(id);
    } catch (IllegalArgumentException notAnId) {
      String name = text == null ? "" : text.trim();
      return call(() -> {
        List<FeedId> matches = feedsNamed(kind, name);
        if (matches.size() > 1) {
          throw ChannelException.conflict(matches.size() + " " + what + "s here are named '" + name
              + "': name the one you mean by its id or link");
        }
        if (matches.isEmpty()) {
          FeedKind other = kind == FeedKind.BLOCKLIST ? FeedKind.CHANNEL : FeedKind.BLOCKLIST;
          if (!feedsNamed(other, name).isEmpty()) {
            throw ChannelException.conflict("'" + name + "' is a " + (kind == FeedKind.BLOCKLIST ? "channel, not a blocklist"
                : "blocklist, not a channel"));
          }
          throw ChannelException.notFound("'" + name + "' is neither a " + what
              + " id or link (samizdat:channel/<id>) nor the name of a " + what + " you have");
        }
        return matches.get(0);
      });
    }
  }

  private List<FeedId> feedsNamed(FeedKind kind, String name) {
    return feeds(kind).stream()
        .filter(f -> manifest(f).map(m -> DisplayNames.same(m.name(), name)).orElse(false)).toList();
  }

  List<FeedId> feeds(FeedKind kind) {
    return held.values().stream().filter(f -> f.getKind() == kind)
        .sorted(java.util.Comparator.comparingLong(HeldFeed::getAddedAtMillis))
        .map(f -> FeedId.fromBytes(f.getFeed().toByteArray())).toList();
  }

  HeldFeed requireHeld(FeedId feed) {
    HeldFeed record = held.get(feed);
    if (record == null) {
      throw ChannelException.notFound(ChannelText.id(feed) + " is not held here: subscribe to it (a channel) or follow it"
          + " (a blocklist) first");
    }
    return record;
  }

  Views.FeedInfo info(FeedId feed) {
    HeldFeed record = held.get(feed);
    Optional<Manifest> manifest = manifest(feed);
    long head = store.headSequence(feed);
    return new Views.FeedInfo(feed, manifest.map(Manifest::kind), manifest.map(Manifest::name).orElse(""),
        manifest.map(Manifest::description).orElse(""), record != null && !record.getFeedKeySeed().isEmpty(),
        head, sync.peers(feed), store.forks(feed).size(), moderation.decideChannel(feed), head + 1, knownLength(feed, head),
        manifest.map(Manifest::moderators).orElse(List.of()), moderation.subscription(feed));
  }

  // ---- replication ----

  /** Pulls a feed now (see {@link FeedReplication#refresh}). Worker only. */
  void refresh(FeedId feed) {
    replication.refresh(feed);
  }

  /** After entries were stored (written here or received). Worker only. */
  void onAppended(FeedId feed, List<FeedEntry> entries) {
    replication.provide(feed);
    moderation.onAppended(feed, entries);
    boolean channel = held.containsKey(feed) && held.get(feed).getKind() == FeedKind.CHANNEL;
    for (FeedEntry entry : entries) {
      if (entry.contentType() == ContentType.MANIFEST) {
        List<CompletableFuture<Void>> waiting = manifestWaiters.remove(feed);
        if (waiting != null) {
          waiting.forEach(w -> w.complete(null)); // and subscribe() checks the kind
        } else if (channel && !isOwn(feed)
            && manifest(feed).map(Manifest::kind).orElse(null) == Manifest.Kind.BLOCKLIST) {
          // Subscribed to as a channel while nobody served it; it turns out to be a list.
          LOG.warn("{} was subscribed to as a channel but is a blocklist: the subscription is removed (follow it"
              + " with 'samizdat blocklist follow')", ChannelText.id(feed));
          drop(feed);
          return;
        }
      } else if (channel && entry.contentType() == ContentType.POST) {
        try {
          listener.channelPost(feed, postView(entry, Post.decode(entry.body())));
        } catch (CryptoException | IllegalArgumentException undecodable) {
          // shown as nothing, as the channel view skips it
        }
      }
    }
    long head = store.headSequence(feed);
    listener.channelSync(feed, head + 1, knownLength(feed, head));
  }

  /**
   * How many entries the feed has as far as this node knows: those it holds, or more that a peer or the
   * DHT announced (a peer may claim any sequence, hence no overflow).
   */
  private long knownLength(FeedId feed, long head) {
    long known = Math.max(head, replication.othersHead(feed));
    return known == Long.MAX_VALUE ? known : known + 1;
  }

  private final class SyncEvents implements FeedSync.Events {
    @Override
    public boolean serves(FeedId feed) {
      return held.containsKey(feed) && moderation.allowed(feed);
    }

    @Override
    public void appended(FeedId feed, List<FeedEntry> entries, FeedSession from) {
      onAppended(feed, entries);
    }

    @Override
    public void forkFound(ForkProof proof) {
      LOG.warn("feed {} equivocated at entry {}: proof kept", ChannelText.id(proof.feed()), proof.sequence());
      listener.forkDetected(proof.feed(), proof.sequence());
    }
  }

  // ---- plumbing ----

  /**
   * Runs {@code task} on the worker; the future fails with what it threw, or with 503 when the service
   * closes before the task runs.
   */
  <T> CompletableFuture<T> call(Supplier<T> task) {
    CompletableFuture<T> result = whileOpen(new CompletableFuture<>());
    execute(() -> {
      if (closed) { // queued behind close(): the service it would use has stopped
        result.completeExceptionally(stopped());
        return;
      }
      try {
        result.complete(task.get());
      } catch (FeedException e) {
        result.completeExceptionally(ChannelException.conflict(e.getMessage()));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** Runs {@code task} on the worker, unless the service is closed (or closing: the task is dropped). */
  void execute(Runnable task) {
    if (closed) {
      return;
    }
    try {
      worker.execute(task);
    } catch (RejectedExecutionException closing) {
      // close() shut the worker down after the check: the task is dropped, as shutdownNow() drops the queued ones
    }
  }

  /** Tracks {@code future} until it completes, so that {@link #close()} fails it if it still waits then. */
  private <T> CompletableFuture<T> whileOpen(CompletableFuture<T> future) {
    pending.add(future);
    future.whenComplete((result, failure) -> pending.remove(future));
    if (closed) { // close() may have failed the pending futures already
      future.completeExceptionally(stopped());
    }
    return future;
  }

  boolean isClosed() {
    return closed;
  }

  private static ChannelException stopped() {
    return ChannelException.unavailable("the node is shutting down");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      worker.submit(() -> {
        closed = true;
        if (periodic != null) {
          periodic.cancel(false);
        }
        replication.stop();
        sync.stop();
        blobs.stop();
      }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      closed = true;
      LOG.warn("stopping the channel service: {}", e.toString());
    }
    worker.shutdownNow(); // drops the queued tasks: their futures are failed below
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List.copyOf(pending).forEach(future -> future.completeExceptionally(stopped()));
  }
}
