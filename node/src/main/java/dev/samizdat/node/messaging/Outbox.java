package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.DirectDelivery;
import dev.samizdat.node.messaging.net.Failures;
import dev.samizdat.node.messaging.net.MailboxClient;
import dev.samizdat.node.messaging.net.MailboxResult;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Receipt;
import dev.samizdat.node.messaging.proto.MessagingProtos.Text;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.OutboxEntry;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.store.RocksMessageStore;
import dev.samizdat.node.messaging.store.RocksOutboxStore;
import dev.samizdat.node.messaging.store.RocksOutboxStore.Positioned;
import dev.samizdat.node.store.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the durable outbox, one peer at a time, in queue order: encrypt what is not encrypted yet
 * (starting a session from the peer's DHT bundle if needed), offer the frames directly, many per
 * request, and when the peer is unreachable seal the rest and deposit them with its mailbox nodes;
 * retry with exponential backoff until delivered (an answer or a receipt) or expired (then FAILED).
 * Every state change is durable before it is acted on, except the marks of a delivery the peer
 * answered: losing them in a crash only makes this node offer those messages again, and the peer
 * recognises them. Thread-safe: one round per peer at a time, store changes under the lock; log
 * syncs outside it.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  /** Entries one round takes from the head of a peer's queue: a long queue is worked through in bounded steps. */
  static final int ROUND_ENTRIES = 4 * MessagingLimits.MAX_FRAMES_PER_REQUEST;
  /** Doublings of {@link MessagingLimits#FIRST_RETRY} past which a wait is {@link MessagingLimits#MAX_RETRY} anyway. */
  private static final int MAX_DOUBLINGS = 64 - Long.numberOfLeadingZeros(
      MessagingLimits.MAX_RETRY.toMillis() / MessagingLimits.FIRST_RETRY.toMillis());
  /** The least wait after a round that ended normally: when the next entry is due decides. */
  private static final Duration NOTHING_MORE_DUE = Duration.ofMillis(1);

  private final Core core;
  private final SessionCrypto crypto;
  private final DirectDelivery direct;
  private final MailboxClient mailboxes;
  private final MessagingDht dht;
  private final Scheduler scheduler;
  private final Set<Ed25519PublicKey> running = ConcurrentHashMap.newKeySet();
  private final Set<Ed25519PublicKey> again = ConcurrentHashMap.newKeySet();
  /** Peers with a round scheduled but not started. */
  private final Set<Ed25519PublicKey> scheduled = ConcurrentHashMap.newKeySet();
  /** Peers just seen online: their next round tries every entry, backed off or not. */
  private final Set<Ed25519PublicKey> retryAll = ConcurrentHashMap.newKeySet();
  private final Map<Ed25519PublicKey, Scheduler.Cancellable> timers = new ConcurrentHashMap<>();
  /** Peers that refused a session start: the next session with them uses no one-time prekeys. */
  private final Set<Ed25519PublicKey> withoutOneTimePrekeys = ConcurrentHashMap.newKeySet();
  /** Why what waits for a peer could not leave at its last attempt; gone once something does. */
  private final Map<Ed25519PublicKey, String> stuck = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Outbox(Core core, SessionCrypto crypto, DirectDelivery direct, MailboxClient mailboxes, MessagingDht dht,
      Scheduler scheduler) {
    this.core = core;
    this.crypto = crypto;
    this.direct = direct;
    this.mailboxes = mailboxes;
    this.dht = dht;
    this.scheduler = scheduler;
  }

  /** A user message to stage for delivery. */
  record Queued(MessageId id, Content content) {}

  /**
   * Stages user messages to {@code peer} for delivery, in order (under the lock, in the batch that
   * stores them). With a session and nothing queued before them still unencrypted, they are
   * encrypted here: the log sync that makes the send durable then covers the ratchet step too, and
   * the round sends them without waiting for a sync of its own.
   */
  void stageMessages(Database.Batch batch, Ed25519PublicKey peer, List<Queued> messages) {
    List<SessionCrypto.Encrypted> frames = core.outbox.hasUnencrypted(ByteString.copyFrom(peer.toBytes())) ? null
        : crypto.encryptOnSession(peer, messages.stream().map(m -> m.content().toByteArray()).toList(), batch)
            .orElse(null);
    for (int i = 0; i < messages.size(); i++) {
      Queued m = messages.get(i);
      stage(batch, peer, m.id(), m.content(), false, frames == null ? null : frames.get(i));
    }
  }

  /** Stages a report to a moderator: delivered like a receipt, without a line in the history. */
  void stageReport(Database.Batch batch, Ed25519PublicKey peer, MessageId id, Content content) {
    stage(batch, peer, id, content, true, null);
  }

  void stageReceipt(Database.Batch batch, Ed25519PublicKey peer, Receipt.Kind kind, List<MessageId> ids) {
    MessageId id = MessageId.random(core.random);
    Receipt.Builder receipt = Receipt.newBuilder().setKind(kind);
    ids.forEach(m -> receipt.addMessageIds(ByteString.copyFrom(m.toBytes())));
    stage(batch, peer, id, Content.newBuilder().setMessageId(ByteString.copyFrom(id.toBytes()))
        .setReceipt(receipt).build(), true, null);
  }

  private void stage(Database.Batch batch, Ed25519PublicKey peer, MessageId id, Content content, boolean receipt,
      SessionCrypto.Encrypted encrypted) {
    long now = core.clock.millis();
    OutboxEntry.Builder entry = OutboxEntry.newBuilder()
        .setMessageId(ByteString.copyFrom(id.toBytes())).setPeer(ByteString.copyFrom(peer.toBytes()))
        .setContent(content.toByteString()).setNextAttemptAtMillis(now)
        .setExpiresAtMillis(now + core.settings.mailboxRetention().toMillis()).setReceipt(receipt);
    if (encrypted != null) {
      entry.setFrame(ByteString.copyFrom(encrypted.frame())).setSessionId(ByteString.copyFrom(encrypted.sessionId()));
    }
    core.outbox.stagePut(batch, core.outbox.nextPosition(), entry.build());
  }

  /** A receipt said {@code id} arrived: stop retrying it (under the lock, in the receipt's batch). */
  void stageDelivered(Database.Batch batch, MessageId id) {
    for (Positioned p : core.outbox.forMessage(ByteString.copyFrom(id.toBytes()))) {
      core.outbox.stageDelete(batch, p.position());
    }
  }

  /**
   * Takes the message's entry out of the queue if it was never encrypted: nothing of it has left this
   * node, and no ratchet state depends on it. True if it was. Under the lock.
   */
  boolean stageCancel(Database.Batch batch, MessageId id) {
    List<Positioned> unsent = core.outbox.forMessage(ByteString.copyFrom(id.toBytes())).stream()
        .filter(p -> p.entry().getFrame().isEmpty()).toList();
    unsent.forEach(p -> core.outbox.stageDelete(batch, p.position()));
    return !unsent.isEmpty();
  }

  /** Why messages to {@code peer} did not leave at the last attempt, if they did not. */
  Optional<String> stuckReason(Ed25519PublicKey peer) {
    // Entries also leave without a round (a receipt, expiry, a deletion): the reason stays behind them.
    return core.outbox.holdsEntriesFor(ByteString.copyFrom(peer.toBytes()))
        ? Optional.ofNullable(stuck.get(peer)) : Optional.empty();
  }

  void pumpSoon(Ed25519PublicKey peer) {
    // One scheduled task per peer at a time: a burst of sends asks for one round, not one each.
    if (!closed && scheduled.add(peer)) {
      scheduler.schedule(Duration.ZERO, () -> {
        scheduled.remove(peer);
        pump(peer);
      });
    }
  }

  /** The peer is reachable again (it connected): try what waits for it now rather than after its backoff. */
  void retryNow(Ed25519PublicKey peer) {
    if (core.outbox.nextAttempt(ByteString.copyFrom(peer.toBytes())).isPresent()) {
      retryAll.add(peer);
      pumpSoon(peer);
    }
  }

  void pumpAll() {
    core.outbox.peers().forEach(peer -> pumpSoon(Ed25519PublicKey.fromBytes(peer.toByteArray())));
  }

  void close() {
    closed = true;
    timers.values().forEach(Scheduler.Cancellable::cancel);
  }

  /** One delivery round for {@code peer}; a second call while one runs makes it run again after. */
  void pump(Ed25519PublicKey peer) {
    if (closed) {
      return;
    }
    if (!running.add(peer)) {
      again.add(peer);
      return;
    }
    CompletableFuture<Boolean> round;
    try {
      round = round(peer);
    } catch (RuntimeException e) {
      round = CompletableFuture.failedFuture(e);
    }
    round.whenComplete((moreToDo, failure) -> {
      if (failure != null && !closed) {
        LOG.warn("delivery round to {} failed: {}", Core.peerOf(peer.toBytes()), failure.toString());
      }
      running.remove(peer);
      if (again.remove(peer) | (failure == null && moreToDo)) {
        pumpSoon(peer);
      } else {
        scheduleNext(peer, failure == null ? NOTHING_MORE_DUE : MessagingLimits.FIRST_RETRY);
      }
    });
  }

  /**
   * One round over the head of the peer's queue; true when it delivered a full window, so that more
   * may be waiting behind it. The window is read once, unless a prekey bundle had to be fetched first.
   */
  private CompletableFuture<Boolean> round(Ed25519PublicKey peer) {
    long dueBy;
    List<Positioned> window;
    List<Positioned> due = null;
    synchronized (core.lock) {
      if (core.closed) {
        return CompletableFuture.completedFuture(false);
      }
      dueBy = retryAll.remove(peer) ? Long.MAX_VALUE : core.clock.millis();
      window = failExpired(entries(peer, dueBy));
      if (dueBy != Long.MAX_VALUE && window.stream().anyMatch(p -> p.entry().getFrame().isEmpty())) {
        // Encrypting fixes the order in which the peer reads them: what was queued before, though backed
        // off (while the peer had no session nor bundle), is encrypted first.
        dueBy = Long.MAX_VALUE;
        window = failExpired(entries(peer, dueBy));
      }
      if (crypto.hasSession(peer) || window.stream().noneMatch(p -> p.entry().getFrame().isEmpty())) {
        due = encrypted(peer, window, BundleLookup.NOT_NEEDED);
      }
    }
    if (due != null) {
      return send(peer, dueBy, window, due);
    }
    long upTo = dueBy;
    return fetchBundle(peer).thenCompose(b -> {
      if (closed) {
        return CompletableFuture.completedFuture(false);
      }
      List<Positioned> fresh;
      List<Positioned> ready;
      synchronized (core.lock) {
        if (core.closed) {
          return CompletableFuture.completedFuture(false);
        }
        fresh = entries(peer, upTo); // again: a receipt may have removed some while the bundle was fetched
        ready = encrypted(peer, fresh, b);
      }
      return send(peer, upTo, fresh, ready);
    });
  }

  /** Encrypts what {@code window} holds unencrypted; returns the entries that have a frame to send. */
  private List<Positioned> encrypted(Ed25519PublicKey peer, List<Positioned> window, BundleLookup bundle) {
    return encryptPending(peer, window, bundle).stream().filter(p -> !p.entry().getFrame().isEmpty()).toList();
  }

  /** Sends {@code due} out of {@code window}, once what encrypted it is durable; true when more may wait. */
  private CompletableFuture<Boolean> send(Ed25519PublicKey peer, long dueBy, List<Positioned> window,
      List<Positioned> due) {
    // No frame leaves this node before the ratchet state that encrypted it is on disk: a crash
    // must never make the node encrypt something else under a message key already sent.
    core.db.awaitDurable(core.outbox.encryptedBy(due));
    boolean fullWindowDue = window.size() == ROUND_ENTRIES && due.size() == window.size();
    return deliver(peer, due).thenApply(allAnswered -> {
      boolean more = fullWindowDue && allAnswered;
      if (more && dueBy == Long.MAX_VALUE) {
        retryAll.add(peer); // the peer is still answering: the rest of what waited goes next
      }
      return more;
    });
  }

  /** What a lookup of a peer's prekey bundle found, or why it found none. */
  private record BundleLookup(Optional<PrekeyBundle> bundle, String whyNone) {
    static final BundleLookup NOT_NEEDED = new BundleLookup(Optional.empty(), "no prekey bundle of theirs was looked up");
  }

  private CompletableFuture<BundleLookup> fetchBundle(Ed25519PublicKey peer) {
    byte[] key = PrekeyRecords.bundleKey(peer);
    return dht.get(key).thenApply(found -> new BundleLookup(
            found.flatMap(v -> PrekeyRecords.validate(key, v)).filter(b -> b.identity().equals(peer)),
            found.isEmpty() ? "the DHT has no prekey bundle of theirs (their node publishes one when it runs and"
                + " reaches the DHT)" : "the DHT holds no valid prekey bundle of theirs"))
        .exceptionally(e -> new BundleLookup(Optional.empty(),
            "looking up their prekey bundle in the DHT failed (" + Failures.describe(e) + ")"));
  }

  /** Encrypts the entries not encrypted yet, in one batch; returns {@code entries} as they are now. */
  private List<Positioned> encryptPending(Ed25519PublicKey peer, List<Positioned> entries, BundleLookup lookup) {
    List<Positioned> pending = entries.stream().filter(p -> p.entry().getFrame().isEmpty()).toList();
    if (pending.isEmpty()) {
      return entries;
    }
    if (lookup.bundle().isEmpty() && !crypto.hasSession(peer)) {
      pending.forEach(p -> backoff(p, false)); // no session and no bundle found yet: try again later
      stuck.put(peer, "no session with this peer yet, and " + lookup.whyNone() + "; retrying");
      return entries.stream().filter(p -> !p.entry().getFrame().isEmpty()).toList();
    }
    stuck.remove(peer);
    Map<Long, Positioned> encrypted = new HashMap<>();
    try (Database.Batch batch = core.db.batch()) {
      List<SessionCrypto.Encrypted> frames = crypto.encryptAll(peer,
          pending.stream().map(p -> p.entry().getContent().toByteArray()).toList(), lookup.bundle(),
          withoutOneTimePrekeys.remove(peer), batch);
      for (int i = 0; i < pending.size(); i++) {
        Positioned p = pending.get(i);
        OutboxEntry entry = p.entry().toBuilder().setFrame(ByteString.copyFrom(frames.get(i).frame()))
            .setSessionId(ByteString.copyFrom(frames.get(i).sessionId())).build();
        core.outbox.stagePut(batch, p.position(), entry);
        encrypted.put(p.position(), new Positioned(p.position(), entry));
      }
      batch.commit(false); // the round syncs before anything is sent
    }
    return entries.stream().map(p -> encrypted.getOrDefault(p.position(), p)).toList();
  }

  /**
   * Offers {@code due} in requests of as many frames as fit; on the first unreachable answer, deposits
   * the rest. True when the peer answered every one.
   */
  private CompletableFuture<Boolean> deliver(Ed25519PublicKey peer, List<Positioned> due) {
    if (due.isEmpty() || closed) {
      return CompletableFuture.completedFuture(!closed);
    }
    List<Positioned> request = due.subList(0, DeliveryProtocol.framesThatFit(
        due.stream().map(p -> p.entry().getFrame().size()).toList()));
    List<byte[]> frames = request.stream().map(p -> p.entry().getFrame().toByteArray()).toList();
    return direct.deliver(Core.peerOf(peer.toBytes()), frames).thenCompose(results -> {
      int answered = 0;
      while (answered < results.size() && !(results.get(answered) instanceof DeliveryResult.TryLater)) {
        answered++;
      }
      if (answered > 0) {
        stuck.remove(peer);
      }
      finish(request.subList(0, answered), results.subList(0, answered));
      if (answered < request.size()) {
        // A peer that answered it cannot take them now (starting or stopping) is there: the backoff its
        // absence grew, meant for a peer that may be gone for days, starts over.
        boolean peerIsThere = results.get(answered) instanceof DeliveryResult.Unavailable;
        return deposit(peer, due.subList(answered, due.size()), peerIsThere).thenApply(ignored -> false);
      }
      return deliver(peer, due.subList(request.size(), due.size()));
    });
  }

  /**
   * The peer did not take {@code rest}: leave what is not yet in its mailboxes there, and retry later
   * (see {@link #backoff}).
   */
  private CompletableFuture<Void> deposit(Ed25519PublicKey peer, List<Positioned> rest, boolean peerIsThere) {
    List<Positioned> toDeposit = rest.stream().filter(p -> !p.entry().getDeposited()).toList();
    CompletableFuture<List<PeerId>> nodes = toDeposit.isEmpty() ? CompletableFuture.completedFuture(List.of())
        : mailboxNodes(peer);
    return nodes.handle((list, failure) -> {
      if (failure != null) {
        stuck.put(peer, "the peer is unreachable, and finding its mailbox nodes in the DHT failed ("
            + Failures.describe(failure) + "); retrying");
        return List.<PeerId>of();
      }
      if (!toDeposit.isEmpty() && list.isEmpty()) {
        stuck.put(peer, "the peer is unreachable, and the DHT gave no mailbox node to leave messages with; retrying");
      }
      return list;
    }).thenCompose(list -> depositEach(toDeposit, list, 0)).thenRun(() -> {
      synchronized (core.lock) {
        if (!core.closed) {
          rest.forEach(p -> backoff(p, peerIsThere));
        }
      }
    });
  }

  private CompletableFuture<Void> depositEach(List<Positioned> entries, List<PeerId> nodes, int index) {
    if (index == entries.size() || nodes.isEmpty() || closed) {
      return CompletableFuture.completedFuture(null);
    }
    Positioned p = entries.get(index);
    byte[] envelope = crypto.sealForMailbox(Ed25519PublicKey.fromBytes(p.entry().getPeer().toByteArray()),
        p.entry().getFrame().toByteArray());
    List<CompletableFuture<MailboxResult>> results = new ArrayList<>();
    for (PeerId node : nodes) {
      results.add(mailboxes.deposit(node, envelope));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
      List<String> refusals = new ArrayList<>();
      boolean stored = false;
      for (CompletableFuture<MailboxResult> r : results) {
        MailboxResult result = r.join();
        stored |= result.isOk();
        if (!result.isOk()) {
          refusals.add(result.status() + ": " + result.error());
        }
      }
      Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(p.entry().getPeer().toByteArray());
      if (stored) {
        stuck.remove(peer);
        markDeposited(p);
      } else {
        LOG.info("no mailbox took an envelope for {}: {}", Core.peerOf(peer.toBytes()), refusals);
        stuck.put(peer, "the peer is unreachable, and no mailbox node took the message (" + String.join("; ", refusals)
            + "); retrying");
      }
      return depositEach(entries, nodes, index + 1);
    });
  }

  private CompletableFuture<List<PeerId>> mailboxNodes(Ed25519PublicKey peer) {
    PeerId recipient = Core.peerOf(peer.toBytes());
    int replicas = core.settings.mailboxReplicas();
    // Two more than needed: this node and the recipient may be among the closest, and hold nothing.
    return dht.closestPeers(PrekeyRecords.mailboxKey(peer), replicas + 2)
        .thenApply(list -> list.stream().filter(n -> !n.equals(core.self) && !n.equals(recipient)).limit(replicas).toList());
  }

  private void markDeposited(Positioned p) {
    List<Runnable> after = new ArrayList<>();
    long written;
    synchronized (core.lock) {
      if (core.closed) {
        return;
      }
      Optional<OutboxEntry> current = core.outbox.get(p.position());
      if (current.isEmpty() || !current.get().getFrame().equals(p.entry().getFrame())) {
        return; // delivered meanwhile, or encrypted again (a new session): the envelope left holds a stale frame
      }
      try (Database.Batch batch = core.db.batch()) {
        core.outbox.stagePut(batch, p.position(), current.get().toBuilder().setDeposited(true).build());
        advance(batch, current.get(), MessageState.SENT_TO_MAILBOX, "", after);
        batch.commit(false);
      }
      written = core.db.latestSequence();
    }
    core.db.awaitDurable(written); // outside the lock, shared with whatever else syncs meanwhile
    after.forEach(Runnable::run);
  }

  /** The recipient answered each of {@code entries}: delivered (accepted or duplicate) or refused (FAILED). */
  private void finish(List<Positioned> entries, List<DeliveryResult> results) {
    if (entries.isEmpty()) {
      return;
    }
    List<Runnable> after = new ArrayList<>();
    synchronized (core.lock) {
      if (core.closed) {
        return;
      }
      try (Database.Batch batch = core.db.batch()) {
        Set<ByteString> confirmedSessions = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
          long position = entries.get(i).position();
          if (!core.outbox.contains(position)) {
            continue; // a receipt got there first
          }
          OutboxEntry entry = entries.get(i).entry(); // what advance reads of it never changes
          DeliveryResult result = results.get(i);
          if (result instanceof DeliveryResult.SessionStartRefused && startAgain(batch, position, entry, after)) {
            continue;
          }
          core.outbox.stageDelete(batch, position);
          if (result instanceof DeliveryResult.Refused refused) {
            advance(batch, entry, MessageState.FAILED, "refused by the recipient: " + refused.reason(), after);
          } else if (result.delivered()) {
            advance(batch, entry, MessageState.DELIVERED, "", after);
            if (confirmedSessions.add(entry.getSessionId())) {
              crypto.confirmed(Ed25519PublicKey.fromBytes(entry.getPeer().toByteArray()),
                  entry.getSessionId().toByteArray(), batch);
            }
          }
        }
        // Not synced before going on: the recipient already holds these messages, and a crash that
        // lost the marks would only make this node offer them again, as duplicates it answers for.
        // The next log sync of anything (the next round's, a sender's) makes them durable.
        batch.commit(false);
      }
    }
    after.forEach(Runnable::run);
  }

  /**
   * When the recipient could not start the session a message was sent on (two senders took the same
   * one-time prekey from its published bundle, or the bundle was stale), the message goes again on a
   * new session from a fresh bundle, without one-time prekeys; once, so that a recipient that refuses
   * every start fails it. True when it was queued again.
   */
  private boolean startAgain(Database.Batch batch, long position, OutboxEntry entry, List<Runnable> after) {
    if (entry.getSessionStartRetried()) {
      return false;
    }
    Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(entry.getPeer().toByteArray());
    boolean abandoned = crypto.abandonUnconfirmed(peer, entry.getSessionId().toByteArray(), batch);
    if (!abandoned && crypto.hasSession(peer)) {
      return false; // a later session is already there, or the peer answered on this one: not a start problem
    }
    withoutOneTimePrekeys.add(peer);
    // A new frame is a new envelope: the mailboxes hold only the old one, which the peer refuses.
    core.outbox.stagePut(batch, position, entry.toBuilder().clearFrame().clearSessionId().clearDeposited()
        .setSessionStartRetried(true).setNextAttemptAtMillis(core.clock.millis()).build());
    // What else waits encrypted on the abandoned session goes on the new one too.
    for (Positioned other : entries(peer, Long.MAX_VALUE)) {
      if (other.position() != position && other.entry().getSessionId().equals(entry.getSessionId())) {
        core.outbox.stagePut(batch, other.position(),
            other.entry().toBuilder().clearFrame().clearSessionId().clearDeposited().build());
      }
    }
    after.add(() -> pumpSoon(peer));
    return true;
  }

  private void advance(Database.Batch batch, OutboxEntry entry, MessageState state, String failure,
      List<Runnable> after) {
    if (entry.getReceipt()) {
      return;
    }
    MessageId id = MessageId.fromBytes(entry.getMessageId().toByteArray());
    Text text = RocksOutboxStore.content(entry).getText();
    MessageLocation location = RocksMessageStore.outgoingLocation(entry.getPeer(), text.getSequence(),
        text.getSentAtMillis(), id);
    Optional<StoredMessage> message = core.messages.at(location);
    if (message.isEmpty() || !Views.state(message.get().getState()).canAdvanceTo(state)) {
      return;
    }
    core.messages.stageUpdate(batch, location, message.get(), message.get().toBuilder().setState(Views.stored(state))
        .setFailure(failure).build());
    PeerId peer = Core.peerOf(entry.getPeer().toByteArray());
    after.add(() -> core.listener.stateChanged(peer, id, state));
  }

  /** Fails the entries past their expiry; returns the others. */
  private List<Positioned> failExpired(List<Positioned> entries) {
    long now = core.clock.millis();
    List<Positioned> live = new ArrayList<>(entries.size());
    List<Runnable> after = new ArrayList<>();
    try (Database.Batch batch = core.db.batch()) {
      for (Positioned p : entries) {
        if (p.entry().getExpiresAtMillis() > now) {
          live.add(p);
        } else {
          core.outbox.stageDelete(batch, p.position());
          advance(batch, p.entry(), MessageState.FAILED, "not delivered within the "
              + retentionText(core.settings.mailboxRetention()) + " a message is retried", after);
        }
      }
      if (live.size() < entries.size()) {
        // Not synced: a crash that lost these marks leaves the entries expired, to be failed again.
        batch.commit(false);
      }
    }
    // Events of a failure can wait for the lock's release only at the cost of a second list;
    // listeners are quick and never call back, so they run here.
    after.forEach(Runnable::run);
    return live;
  }

  private static String retentionText(Duration retention) {
    long days = retention.toDays();
    return days >= 1 ? days + (days == 1 ? " day" : " days") : retention.toHours() + " h";
  }

  /**
   * Sets when {@code p} is tried next: each failed attempt doubles the wait, counted afresh once
   * {@code peerIsThere} (it answered), since only a peer that stays away should be tried ever more rarely.
   */
  private void backoff(Positioned p, boolean peerIsThere) {
    Optional<OutboxEntry> current = core.outbox.get(p.position());
    if (current.isEmpty()) {
      return;
    }
    int attempts = (peerIsThere ? 0 : current.get().getAttempts()) + 1;
    long delay = Math.min(MessagingLimits.MAX_RETRY.toMillis(),
        MessagingLimits.FIRST_RETRY.toMillis() << Math.min(attempts - 1, MAX_DOUBLINGS));
    try (Database.Batch batch = core.db.batch()) {
      core.outbox.stagePut(batch, p.position(), current.get().toBuilder().setAttempts(attempts)
          .setNextAttemptAtMillis(core.clock.millis() + delay).build());
      batch.commit(false); // only a retry time: losing it in a crash means an earlier retry
    }
  }

  private void scheduleNext(Ed25519PublicKey peer, Duration atLeast) {
    if (closed) {
      return;
    }
    long next;
    synchronized (core.lock) {
      if (core.closed) {
        return;
      }
      next = core.outbox.nextAttempt(ByteString.copyFrom(peer.toBytes())).orElse(-1);
    }
    Scheduler.Cancellable previous = timers.remove(peer);
    if (previous != null) {
      previous.cancel();
    }
    if (next >= 0) {
      long delay = Math.max(0, next - core.clock.millis());
      timers.put(peer, scheduler.schedule(Duration.ofMillis(Math.max(delay, atLeast.toMillis())), () -> pump(peer)));
    }
  }

  /**
   * The first {@link #ROUND_ENTRIES} of the peer's entries due by {@code dueBy}: those backed off
   * wait for their time without holding up what was queued after them.
   */
  private List<Positioned> entries(Ed25519PublicKey peer, long dueBy) {
    return core.outbox.dueForPeer(ByteString.copyFrom(peer.toBytes()), dueBy, ROUND_ENTRIES);
  }
}
