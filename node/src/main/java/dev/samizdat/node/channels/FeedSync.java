package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.sync.FeedMessage;
import dev.samizdat.channels.sync.FeedReplicator;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The {@code /samizdat/feed/1.0.0} adapter: serves the protocol on the Host, opens sessions to a
 * feed's providers and keeps them open, so that new entries are pushed as they come. Every session's
 * replicator runs on the one {@link #worker()}, which serialises appends as {@link
 * dev.samizdat.channels.feed.FeedLog} requires. Thread-safe.
 */
final class FeedSync {
  static final String PROTOCOL_ID = "/samizdat/feed/1.0.0";
  /** One proof suffices to show a feed equivocated; a few more show how often. */
  static final int MAX_FORKS_PASSED_ON = 16;

  /** What the sync tells the channel service; called on the worker. */
  interface Events {
    /** Whether this node holds (or is subscribed to) {@code feed} and its policy allows it. */
    boolean serves(FeedId feed);

    /** Entries verified and stored; {@code from} is the session they came through. */
    void appended(FeedId feed, List<FeedEntry> entries, FeedSession from);

    void forkFound(ForkProof proof);

    default void misbehaved(PeerId peer, String reason) {}
  }

  private final Host host;
  private final RocksFeedStore store;
  private final Predicate<FeedId> allowed;
  private final Executor worker;
  private final Clock clock;
  private final Events events;
  private final FeedReplicator.Limits limits;
  private final Map<FeedId, List<FeedSession>> sessions = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> dialing = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  FeedSync(Host host, RocksFeedStore store, Predicate<FeedId> allowed, Executor worker, Clock clock, Events events,
      FeedReplicator.Limits limits) {
    this.host = host;
    this.store = store;
    this.allowed = allowed;
    this.worker = worker;
    this.clock = clock;
    this.events = events;
    this.limits = limits;
  }

  void start() {
    host.setHandler(PROTOCOL_ID, stream -> new FeedSession(this, stream, null));
  }

  void stop() {
    stopped = true;
    host.removeHandler(PROTOCOL_ID);
    sessions.values().forEach(list -> list.forEach(FeedSession::close));
    sessions.clear();
  }

  Executor worker() {
    return worker;
  }

  long nowMillis() {
    return clock.millis();
  }

  boolean serves(FeedId feed) {
    return events.serves(feed);
  }

  FeedReplicator newReplicator(FeedId feed) {
    return new FeedReplicator(feed, store.replicated(), allowed, limits);
  }

  /**
   * Syncs the entries a replicator just stored unsynced. Called after each received message, before
   * its actions are carried out: nothing is pushed, served, announced or reported as appended until
   * it is durable. Worker only.
   */
  void makeDurable() {
    store.syncReplicated();
  }

  /**
   * Opens a session for {@code feed} with {@code peer} unless one is open or being opened. Completes
   * when the session has started (at once if there was one, with the opening if one is under way);
   * fails if the peer cannot be reached.
   */
  CompletableFuture<Void> open(PeerId peer, FeedId feed) {
    if (stopped || peer.equals(host.peerId()) || hasSession(peer, feed)) {
      return CompletableFuture.completedFuture(null);
    }
    String key = peer.toBase58() + "/" + ChannelText.id(feed);
    CompletableFuture<Void> opening = new CompletableFuture<>();
    CompletableFuture<Void> underWay = dialing.putIfAbsent(key, opening);
    if (underWay != null) {
      return underWay;
    }
    host.newStream(peer, List.of(PROTOCOL_ID)).thenCompose(stream -> {
      FeedSession session = new FeedSession(this, stream, feed);
      CompletableFuture<Void> started = new CompletableFuture<>();
      worker.execute(() -> {
        try {
          register(session);
          session.start();
          started.complete(null);
        } catch (RuntimeException e) {
          session.close();
          started.completeExceptionally(e);
        }
      });
      return started;
    }).whenComplete((ok, failure) -> {
      dialing.remove(key);
      if (failure == null) {
        opening.complete(null);
      } else {
        opening.completeExceptionally(failure);
      }
    });
    return opening;
  }

  boolean hasSession(PeerId peer, FeedId feed) {
    return sessions.getOrDefault(feed, List.of()).stream().anyMatch(s -> s.peer().equals(peer) && !s.isClosed());
  }

  void register(FeedSession session) {
    if (stopped) {
      session.close();
      return;
    }
    sessions.computeIfAbsent(session.feed(), f -> new CopyOnWriteArrayList<>()).add(session);
  }

  void unregister(FeedSession session) {
    if (session.feed() != null) {
      List<FeedSession> list = sessions.get(session.feed());
      if (list != null) {
        list.remove(session);
      }
    }
  }

  /** Peers with an open session for {@code feed}. */
  List<PeerId> peers(FeedId feed) {
    return sessions.getOrDefault(feed, List.of()).stream().filter(s -> !s.isClosed()).map(FeedSession::peer)
        .distinct().toList();
  }

  /** The highest sequence any connected peer is known to hold, -1 if none. Worker only. */
  long remoteHead(FeedId feed) {
    long best = -1;
    for (FeedSession s : sessions.getOrDefault(feed, List.of())) {
      if (s.replicator() != null) {
        best = Math.max(best, s.replicator().remoteHead());
      }
    }
    return best;
  }

  /** Pushes entries stored here to every session of the feed but {@code except}. Worker only. */
  void pushLocal(FeedId feed, List<FeedEntry> entries, FeedSession except) {
    for (FeedSession s : sessions.getOrDefault(feed, List.of())) {
      if (s != except && s.replicator() != null && !s.isClosed()) {
        s.perform(s.replicator().onLocalAppend(entries));
      }
    }
  }

  /** Announces our head again on every session, so that a peer ahead of us pushes and one behind asks. Worker only. */
  void reannounce(FeedId feed) {
    for (FeedSession s : sessions.getOrDefault(feed, List.of())) {
      if (s.replicator() != null && !s.isClosed() && !s.replicator().diverged()) {
        s.perform(s.replicator().start());
        passOnForks(s); // again: a peer that held nothing when it connected ignored them then
      }
    }
  }

  /** Closes every session of a feed (unsubscribed, or dropped by policy). */
  void close(FeedId feed) {
    List<FeedSession> list = sessions.remove(feed);
    if (list != null) {
      new ArrayList<>(list).forEach(FeedSession::close);
    }
  }

  void appended(FeedId feed, List<FeedEntry> entries, FeedSession from) {
    pushLocal(feed, entries, from);
    events.appended(feed, entries, from);
  }

  void forkFound(ForkProof proof, FeedMessage.ForkNotice notice) {
    events.forkFound(proof);
    for (FeedSession s : sessions.getOrDefault(proof.feed(), List.of())) {
      s.write(notice);
    }
  }

  /**
   * Tells a new session's peer of the forks this node holds proof of, so that evidence of
   * equivocation reaches every subscriber, not only those connected when it was found. Worker only.
   */
  void passOnForks(FeedSession session) {
    List<ForkProof> proofs = store.forks(session.feed());
    for (ForkProof proof : proofs.subList(Math.max(0, proofs.size() - MAX_FORKS_PASSED_ON), proofs.size())) {
      session.write(new FeedMessage.ForkNotice(proof.kept().encoded(), proof.conflicting().encoded()));
    }
  }

  void misbehaved(PeerId peer, String reason) {
    events.misbehaved(peer, reason);
  }
}
