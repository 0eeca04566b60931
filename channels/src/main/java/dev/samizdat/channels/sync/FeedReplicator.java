package dev.samizdat.channels.sync;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.FeedStore;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.crypto.CryptoException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Replication of one feed with one remote peer over {@code /samizdat/feed/1.0.0}, as a state machine:
 * it receives the remote's messages and local appends, and returns {@link SyncAction}s. Both sides
 * run one; each announces its head, the one behind asks for entries from its head + 1, batch after
 * batch, and new entries are pushed as they come.
 *
 * <p>Every received entry is decoded (signature checked) and passed through {@link FeedLog#accept}
 * before it is stored; a batch stops at its first invalid entry and the peer is reported as
 * misbehaving. An entry that conflicts with one held is kept as a {@link ForkProof} and announced
 * once; that peer's later entries chain to the other branch, so they are not requested from it. An
 * entry after our head that does not chain to it means the remote holds another branch that left
 * ours earlier: its entry at our head is fetched as the other half of the proof. A
 * feed the user's policy does not allow (a DROP) is neither stored nor served.
 *
 * <p>Not thread-safe: the adapter feeds one peer's events in order. Several replicators of one feed
 * may share a store if the adapter serialises their events, as {@link FeedLog} requires.
 */
public final class FeedReplicator {
  /** Entries read from the store at a time while serving a request, so that reads stop near the batch's byte limit. */
  static final int SERVE_PAGE_ENTRIES = 16;

  /**
   * @param requestCount entries asked for per request
   * @param maxBatchEntries most entries served per request, whatever the remote asks
   * @param maxBatchBytes most entry bytes served per request (one entry is always sent)
   */
  public record Limits(int requestCount, int maxBatchEntries, int maxBatchBytes) {
    public static final Limits DEFAULT = new Limits(256, FeedMessage.MAX_BATCH_ENTRIES, FeedMessage.MAX_BATCH_BYTES);

    public Limits {
      if (requestCount < 1 || requestCount > FeedMessage.MAX_BATCH_ENTRIES || maxBatchEntries < 1
          || maxBatchEntries > FeedMessage.MAX_BATCH_ENTRIES || maxBatchBytes < FeedEntry.MAX_ENCODED_LENGTH
          || maxBatchBytes > FeedMessage.MAX_BATCH_BYTES) {
        throw new IllegalArgumentException("replication limits out of range");
      }
    }
  }

  private final FeedId feed;
  private final FeedStore store;
  private final FeedLog log;
  private final Predicate<FeedId> allowed;
  private final Limits limits;
  /** The highest sequence the remote announced or sent us. */
  private long remoteHead = -1;
  /**
   * The entry before the one the remote last asked us for: it holds that one, by its own word, which
   * spares pushing it what it has but is no evidence of how far the feed goes.
   */
  private long remoteAsked = -1;
  private FeedMessage.Request outstanding;
  /** The request for the remote's own entry at our head, asked because its next one did not chain to ours. */
  private FeedMessage.Request forkProbe;
  /** Where the last batch ran into an entry that does not chain to our head: the sequence to probe, or -1. */
  private long probeAt = -1;
  private boolean diverged;
  private long verified;

  /** @param allowed false for a feed the user's policy drops: it is then neither stored nor served */
  public FeedReplicator(FeedId feed, FeedStore store, Predicate<FeedId> allowed, Limits limits) {
    this.feed = feed;
    this.store = store;
    this.log = new FeedLog(store);
    this.allowed = allowed;
    this.limits = limits;
  }

  /** The stream opened, or the head is announced again: announce our head, or ask from the start if we hold nothing. */
  public List<SyncAction> start() {
    if (!allowed.test(feed)) {
      return List.of();
    }
    Optional<FeedEntry> head = ourHead();
    if (head.isPresent()) {
      return List.of(new SyncAction.Send(FeedMessage.Head.of(head.get())));
    }
    // Announced again while the first request waits: asking twice would make its answer look unasked for.
    return outstanding == null ? request(0) : List.of();
  }

  /** Entries appended here (written or received from another peer): push those the remote lacks. */
  public List<SyncAction> onLocalAppend(List<FeedEntry> entries) {
    if (!allowed.test(feed) || diverged) {
      return List.of();
    }
    List<byte[]> lacking = new ArrayList<>();
    long bytes = 0;
    long remoteHolds = Math.max(remoteHead, remoteAsked);
    for (FeedEntry entry : entries) {
      if (entry.feed().equals(feed) && entry.sequence() > remoteHolds && lacking.size() < limits.maxBatchEntries()
          && bytes + entry.encodedLength() <= limits.maxBatchBytes()) {
        lacking.add(entry.encoded());
        bytes += entry.encodedLength();
      }
    }
    if (lacking.isEmpty()) {
      return List.of();
    }
    return List.of(new SyncAction.Send(new FeedMessage.Push(feed, lacking)));
  }

  public List<SyncAction> onMessage(FeedMessage message, long nowMillis) {
    if (message instanceof FeedMessage.Request request) {
      return serve(request);
    }
    if (message instanceof FeedMessage.ForkNotice notice) {
      return onForkNotice(notice);
    }
    if (message instanceof FeedMessage.Error) {
      outstanding = null;
      return List.of();
    }
    if (!allowed.test(feed)) {
      return List.of();
    }
    if (message instanceof FeedMessage.Head head) {
      return onHead(head);
    }
    if (message instanceof FeedMessage.Entries entries) {
      return onEntries(entries, nowMillis);
    }
    if (message instanceof FeedMessage.Push push) {
      return onPush(push, nowMillis);
    }
    throw new IllegalStateException("unhandled message " + message);
  }

  private List<SyncAction> serve(FeedMessage.Request request) {
    if (!request.feed().equals(feed)) {
      return misbehaving("asked for another feed on this feed's stream");
    }
    if (!allowed.test(feed) || store.headSequence(feed) < 0) {
      return List.of(new SyncAction.Send(new FeedMessage.Error(FeedMessage.Code.NOT_SERVED, "feed not served")));
    }
    remoteAsked = Math.max(remoteAsked, request.fromSequence() - 1);
    int count = Math.min(request.maxCount(), limits.maxBatchEntries());
    List<byte[]> batch = new ArrayList<>();
    long bytes = 0;
    long next = request.fromSequence();
    // Read a page at a time: a batch of large entries ends long before the count a peer asked for.
    while (batch.size() < count) {
      List<FeedEntry> page = store.entries(feed, next, Math.min(SERVE_PAGE_ENTRIES, count - batch.size()));
      for (FeedEntry entry : page) {
        if (bytes + entry.encodedLength() > limits.maxBatchBytes()) {
          return List.of(new SyncAction.Send(new FeedMessage.Entries(feed, batch)));
        }
        batch.add(entry.encoded());
        bytes += entry.encodedLength();
        next = entry.sequence() + 1;
      }
      if (page.isEmpty()) {
        break;
      }
    }
    return List.of(new SyncAction.Send(new FeedMessage.Entries(feed, batch)));
  }

  private List<SyncAction> onHead(FeedMessage.Head head) {
    if (!head.feed().equals(feed)) {
      return misbehaving("announced another feed's head on this feed's stream");
    }
    remoteHead = Math.max(remoteHead, head.sequence());
    if (outstanding != null || diverged) {
      return List.of();
    }
    long ours = store.headSequence(feed);
    if (head.sequence() > ours) {
      return request(ours + 1);
    }
    // At or below our head: the same entry, or the remote holds another one there (equivocation), which
    // we fetch as evidence. An old head replayed is neither and costs nothing.
    Optional<FeedEntry> at = store.entry(feed, head.sequence());
    if (at.isPresent() && !Arrays.equals(at.get().hash(), head.entryHash())) {
      outstanding = new FeedMessage.Request(feed, head.sequence(), 1);
      return List.of(new SyncAction.Send(outstanding));
    }
    return List.of();
  }

  private List<SyncAction> onEntries(FeedMessage.Entries entries, long nowMillis) {
    FeedMessage.Request asked = outstanding;
    if (asked == null) {
      return misbehaving("sent entries nobody asked for");
    }
    outstanding = null;
    boolean probed = asked == forkProbe;
    forkProbe = null;
    if (!entries.feed().equals(feed) || entries.entries().size() > asked.maxCount()) {
      return misbehaving("answered with another feed or more entries than asked");
    }
    List<SyncAction> actions = new ArrayList<>();
    boolean clean = ingest(entries.entries(), asked.fromSequence(), true, nowMillis, actions);
    if (!clean || diverged) {
      return actions;
    }
    if (probed) {
      // Its entry there is ours, so the entry after it that did not chain was no branch of a fork.
      actions.add(new SyncAction.Misbehaving("sent entry " + (asked.fromSequence() + 1)
          + " that does not chain to entry " + asked.fromSequence()));
      return actions;
    }
    if (probeAt >= 0) {
      actions.add(probe());
      return actions;
    }
    long ours = store.headSequence(feed);
    if (entries.entries().isEmpty() && remoteHead >= asked.fromSequence()) {
      remoteHead = ours;
      actions.add(new SyncAction.Misbehaving("announced entry " + asked.fromSequence() + " but served none"));
      return actions;
    }
    // A full batch means the remote may hold more than it announced.
    if (remoteHead > ours || (entries.entries().size() == asked.maxCount() && ours >= asked.fromSequence())) {
      actions.addAll(request(ours + 1));
    }
    return actions;
  }

  private List<SyncAction> onPush(FeedMessage.Push push, long nowMillis) {
    if (!push.feed().equals(feed)) {
      return misbehaving("pushed another feed's entries on this feed's stream");
    }
    if (diverged) {
      return List.of(); // the remote follows the other branch of a fork we already hold proof of
    }
    List<SyncAction> actions = new ArrayList<>();
    boolean clean = ingest(push.entries(), -1, false, nowMillis, actions);
    if (clean && !diverged && probeAt >= 0 && outstanding == null) {
      actions.add(probe());
    } else if (clean && !diverged && outstanding == null && remoteHead > store.headSequence(feed)) {
      actions.addAll(request(store.headSequence(feed) + 1));
    }
    probeAt = -1; // asked for above, or left for the next exchange while a request is under way
    return actions;
  }

  /**
   * Verifies and stores entries in order; stops at the first invalid one (reported), at a fork, or —
   * for pushes — at a gap, which the caller fills by requesting. Returns false if the remote misbehaved.
   */
  private boolean ingest(List<byte[]> encoded, long expectedFrom, boolean consecutive, long nowMillis,
      List<SyncAction> actions) {
    List<FeedEntry> appended = new ArrayList<>();
    boolean clean = true;
    for (int i = 0; i < encoded.size(); i++) {
      FeedEntry entry;
      Optional<FeedEntry> held = heldCopy(encoded.get(i));
      if (held.isPresent()) {
        entry = held.get();
      } else {
        try {
          entry = FeedEntry.decode(encoded.get(i));
          verified++;
        } catch (CryptoException e) {
          clean = reject(actions, "sent an invalid entry: " + e.getMessage());
          break;
        }
      }
      if (!entry.feed().equals(feed) || (consecutive && entry.sequence() != expectedFrom + i)) {
        clean = reject(actions, "sent entry " + entry.sequence() + " out of place");
        break;
      }
      remoteHead = Math.max(remoteHead, entry.sequence());
      if (entry.sequence() > store.headSequence(feed) + 1) {
        break; // a gap in a push: request what is missing
      }
      if (!chainsToOurs(entry)) {
        // The remote's branch left ours at or before our head: its own entry there, fetched next,
        // is the second half of a fork proof (or shows the remote sent a broken chain).
        probeAt = entry.sequence() - 1;
        break;
      }
      try {
        FeedLog.Outcome outcome = log.accept(entry, nowMillis);
        if (outcome instanceof FeedLog.Outcome.Appended) {
          appended.add(entry);
        } else if (outcome instanceof FeedLog.Outcome.Fork fork) {
          diverged = true;
          if (fork.firstSeen()) {
            actions.add(forkFound(fork.proof()));
          }
          break;
        }
      } catch (FeedException e) {
        clean = reject(actions, "sent a refused entry: " + e.getMessage());
        break;
      }
    }
    if (!appended.isEmpty()) {
      actions.add(0, new SyncAction.Appended(appended));
    }
    return clean;
  }

  private List<SyncAction> onForkNotice(FeedMessage.ForkNotice notice) {
    if (!allowed.test(feed) || store.latestManifest(feed).isEmpty()) {
      return List.of();
    }
    try {
      FeedEntry first = FeedEntry.decode(notice.first());
      FeedEntry second = FeedEntry.decode(notice.second());
      verified += 2;
      if (!first.feed().equals(feed)) {
        return misbehaving("sent another feed's fork on this feed's stream");
      }
      FeedLog.Outcome.Fork fork = log.acceptForkProof(first, second);
      return fork.firstSeen() ? List.of(forkFound(fork.proof())) : List.of();
    } catch (CryptoException | FeedException e) {
      return misbehaving("sent an invalid fork notice: " + e.getMessage());
    }
  }

  /**
   * The stored entry that {@code bytes} are, byte for byte. It was verified when it arrived, so a peer
   * sending entries we hold, again and again, costs a read each, not a signature check.
   */
  private Optional<FeedEntry> heldCopy(byte[] bytes) {
    FeedEntry unverified;
    try {
      unverified = FeedEntry.decodeStored(bytes); // only to find where to look: trusted if equal to what is there
    } catch (RuntimeException malformed) { // a CryptoException, or worse: the full check will say
      return Optional.empty();
    }
    if (!unverified.feed().equals(feed)) {
      return Optional.empty();
    }
    return store.entry(feed, unverified.sequence()).filter(stored -> Arrays.equals(stored.encoded(), bytes));
  }

  /** Whether an entry right after our head names its hash (the manifest names none). */
  private boolean chainsToOurs(FeedEntry entry) {
    return entry.sequence() == 0 || entry.sequence() != store.headSequence(feed) + 1
        || store.entry(feed, entry.sequence() - 1)
            .map(previous -> Arrays.equals(previous.hash(), entry.previousHash())).orElse(true);
  }

  private SyncAction probe() {
    forkProbe = new FeedMessage.Request(feed, probeAt, 1);
    outstanding = forkProbe;
    probeAt = -1;
    return new SyncAction.Send(forkProbe);
  }

  private static SyncAction forkFound(ForkProof proof) {
    return new SyncAction.ForkFound(proof,
        new FeedMessage.ForkNotice(proof.kept().encoded(), proof.conflicting().encoded()));
  }

  private List<SyncAction> request(long from) {
    outstanding = new FeedMessage.Request(feed, from, limits.requestCount());
    return List.of(new SyncAction.Send(outstanding));
  }

  private boolean reject(List<SyncAction> actions, String reason) {
    actions.add(new SyncAction.Misbehaving(reason));
    return false;
  }

  private List<SyncAction> misbehaving(String reason) {
    return List.of(new SyncAction.Misbehaving(reason));
  }

  private Optional<FeedEntry> ourHead() {
    return store.entry(feed, store.headSequence(feed));
  }

  /** The highest sequence the remote is known to hold, -1 if none. */
  public long remoteHead() {
    return remoteHead;
  }

  /** Whether a request of ours waits for its answer. */
  public boolean awaitingAnswer() {
    return outstanding != null;
  }

  /** Whether the remote follows another branch of a fork (no more entries are asked of it). */
  public boolean diverged() {
    return diverged;
  }

  /** Entries whose signature this replicator has checked. */
  public long entriesVerified() {
    return verified;
  }

  public FeedId feed() {
    return feed;
  }
}
