package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.sync.FeedMessage;
import dev.samizdat.channels.sync.FeedReplicator;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

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
  /** How long a peer that misbehaved or left a request unanswered is kept away from every feed. */
  static final Duration AVOID_FOR = Duration.ofMinutes(10);
  /** Peers avoided at once: bounds what a flood of fresh identities costs. */
  static final int MAX_AVOIDED = 1024;

  /** What the sync tells the channel service; called on the worker. */
  interface Events {
    /** Whether this node holds (or is subscribed to) {@code feed} and its policy allows it. */
    boolean serves(FeedId feed);

    /** Entries verified and stored; {@code from} is the session they came through. */
    void appended(FeedId feed, List<FeedEntry> entries, FeedSession from);

    void forkFound(ForkProof proof);
  }

  private final Host host;
  private final RocksFeedStore store;
  private final Executor worker;
  private final Clock clock;
  private final Events events;
  private final FeedReplicator.Limits limits;
  private final Duration requestTimeout;
  private final Map<FeedId, List<FeedSession>> sessions = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> dialing = new ConcurrentHashMap<>();
  private final Map<PeerId, Long> avoidedUntil = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  FeedSync(Host host, RocksFeedStore store, Executor worker, Clock clock, Events events, FeedReplicator.Limits limits,
      Duration requestTimeout) {
    this.host = host;
    this.store = store;
    this.worker = worker;
    this.clock = clock;
    this.events = events;
    this.limits = limits;
    this.requestTimeout = requestTimeout;
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
    // Asked at every message: a feed unsubscribed or dropped while a session was open is not stored again.
    return new FeedReplicator(feed, store.replicated(), this::serves, limits);
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
    if (avoids(peer)) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "peer " + peer + " misbehaved or left a request unanswered, and is avoided for a while"));
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
        if (stopped || !serves(feed)) { // unsubscribed or stopped while the stream was being opened
          session.close();
          started.complete(null);
          return;
        }
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
    List<FeedSession> list = sessions.computeIfAbsent(session.feed(), f -> new CopyOnWriteArrayList<>());
    list.add(session);
    if (session.isClosed()) {
      list.remove(session); // closed meanwhile: its own unregister came before the add
    }
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

  /**
   * Open sessions this node opened for {@code feed}: the peers it chose to pull from. Those that peers
   * opened to it do not count, or a few strangers connecting first would stop it looking for others.
   */
  long outboundSessions(FeedId feed) {
    return sessions.getOrDefault(feed, List.of()).stream().filter(s -> s.outbound() && !s.isClosed()).count();
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

  /**
   * Announces our head again on every session, so that a peer ahead of us pushes and one behind asks;
   * gives up sessions whose peer left a request unanswered. Worker only.
   */
  void reannounce(FeedId feed) {
    long now = clock.millis();
    for (FeedSession s : sessions.getOrDefault(feed, List.of())) {
      if (s.unanswered(now, requestTimeout)) {
        s.giveUp("left a request unanswered for " + requestTimeout.toSeconds() + " s");
      } else if (s.replicator() != null && !s.isClosed() && !s.replicator().diverged()) {
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
      s.offer(notice); // a peer that misses it now hears of it from passOnForks when it next connects
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

  /** Keeps away from a peer that misbehaved or stopped answering: no session with it for {@link #AVOID_FOR}. */
  void avoid(PeerId peer) {
    long now = clock.millis();
    if (avoidedUntil.size() >= MAX_AVOIDED) {
      avoidedUntil.values().removeIf(until -> until <= now);
      if (avoidedUntil.size() >= MAX_AVOIDED) {
        return; // a flood of fresh identities: those already avoided stay so
      }
    }
    avoidedUntil.put(peer, now + AVOID_FOR.toMillis());
  }

  boolean avoids(PeerId peer) {
    Long until = avoidedUntil.get(peer);
    return until != null && until > clock.millis();
  }
}
