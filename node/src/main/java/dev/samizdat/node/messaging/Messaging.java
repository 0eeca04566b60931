package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.SafetyNumber;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.MessagingListener.Deletion;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.Failures;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Receipt;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ContactRecord;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.store.RocksMailboxStore;
import dev.samizdat.node.messaging.store.RocksOutboxStore;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end-encrypted direct messages: the one entry point the node assembly uses. Built from the
 * node's database, identity, clock, randomness, scheduler, network and settings; {@link #start()}
 * publishes the prekey bundle, collects the mailboxes, resumes the outbox and starts the periodic
 * work; {@link #close()} stops it (the caller closes the database afterwards).
 *
 * <p>Thread-safe. Methods block on RocksDB (synced writes), so call them from worker threads, not
 * from an event loop. The two protocol handlers ({@link #handleDirect}, {@link #handleMailbox}) are
 * what the libp2p adapter calls for each inbound request.
 */
public final class Messaging implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Messaging.class);
  /** How often expired disappearing messages are swept. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
  /**
   * How often, at most, tables are rewritten so that what was deleted or overwritten is in no file
   * any more: expired messages, the ratchet states and prekeys that forward secrecy needs gone, and
   * the outbox entries (with their text) of delivered messages. Rewriting the messages table takes
   * time in proportion to the whole history; the others are small.
   */
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
  /** The first purge after a start, for what an earlier run deleted (or let expire) and left in the files. */
  static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);
  /** A stopping node purges its messages table at once up to this size (a second or two), else at its next start. */
  static final long PURGE_AT_STOP_MAX_BYTES = 32L << 20;
  /** The tables the node rewrites, each when it has seen this change since its last purge. */
  private static final Map<Table, Database.Change> PURGED = Map.of(
      Table.MESSAGES, Database.Change.DELETED, Table.SESSIONS, Database.Change.WRITTEN,
      Table.PREKEYS, Database.Change.WRITTEN, Table.OUTBOX, Database.Change.WRITTEN);
  /**
   * Collections soon after start, besides the one at start and the periodic ones: senders that
   * failed to reach this node while it was down or starting still deposit for a while after its
   * first collection, and would otherwise wait a whole collection interval.
   */
  static final List<Duration> EARLY_COLLECTIONS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2));
  /** How often prekeys are checked for rotation and the mailbox for retention. */
  static final Duration MAINTENANCE_INTERVAL = Duration.ofHours(1);
  /** Messages one history or sweep call handles. */
  static final int MAX_HISTORY = 10_000;

  private final Core core;
  /** Set by {@link #start}: before it, the node's services may not have hooked in yet. */
  private volatile boolean started;
  private final Scheduler scheduler;
  private final Outbox outbox;
  private final Sender sender;
  private final Inbound inbound;
  private final Collector collector;
  private final PrekeyManager prekeys;
  private final MailboxServer mailboxServer;
  private final RocksMailboxStore mailboxStore;
  private final List<Scheduler.Cancellable> periodic = new CopyOnWriteArrayList<>();

  public Messaging(Database db, Ed25519PrivateKey identity, Clock clock, SecureRandom random, Scheduler scheduler,
      MessagingNetwork network, MessagingSettings settings, MessagingListener listener) {
    this.core = new Core(db, identity, clock, random, settings, listener);
    core.messages.addVersion2RowsIfMissing(() -> core.contacts.all().stream()
        .map(c -> Ed25519PublicKey.fromBytes(c.getPeer().toByteArray())).toList());
    this.scheduler = scheduler;
    SessionCrypto crypto = new SessionCrypto(core);
    this.outbox = new Outbox(core, crypto, network.direct(), network.mailboxes(), network.dht(), scheduler);
    this.sender = new Sender(core, outbox);
    this.prekeys = new PrekeyManager(core.db, core.prekeys, network.dht(), clock, random, settings.mailboxRetention());
    this.inbound = new Inbound(core, crypto, outbox, () -> scheduler.schedule(Duration.ZERO, this::republishPrekeys));
    this.collector = new Collector(core, inbound, network.mailboxes(), network.dht());
    this.mailboxStore = new RocksMailboxStore(db, settings.mailboxRetention());
    this.mailboxServer = new MailboxServer(core.self, mailboxStore, clock);
  }

  public PeerId self() {
    return core.self;
  }

  /**
   * Publishes the prekey bundle (creating prekeys on first start), resumes the outbox, collects the
   * mailboxes and schedules collection, sweeping and maintenance. The future completes when the
   * bundle is published and the first collection is done. Messages offered directly are taken from
   * here on; before, they are answered "try later". Call it once the services have hooked in.
   */
  public CompletableFuture<Void> start() {
    started = true;
    CompletableFuture<?> published = prekeys.maintain(true).exceptionally(e -> {
      // Expected for the first node of a network, which has no DHT peers yet; the publisher retries.
      LOG.info("prekey bundle not published yet ({}); retrying in the background", Failures.describe(e));
      return null;
    });
    sweepExpired();
    mailboxServer.expire();
    outbox.pumpAll();
    EARLY_COLLECTIONS.forEach(delay -> once(delay, this::collectMailboxes));
    every(core.settings.collectInterval(), () -> collectMailboxes());
    every(SWEEP_INTERVAL, this::sweepExpired);
    once(FIRST_PURGE_DELAY, this::purge);
    every(PURGE_INTERVAL, this::purge);
    every(MAINTENANCE_INTERVAL, () -> {
      prekeys.maintain(false);
      mailboxServer.expire();
      // Envelopes collected or expired leave the files too: a seized disk should not show whom this
      // node held mail for. Hourly, as the table may be large.
      core.db.purgeInBackground(Table.MAILBOX, Database.Change.DELETED);
    });
    return CompletableFuture.allOf(published, collectMailboxes());
  }

  private void once(Duration delay, Runnable task) {
    Scheduler.Cancellable scheduled = scheduler.schedule(delay, () -> {
      if (!core.closed) {
        task.run();
      }
    });
    periodic.add(scheduled);
  }

  private void every(Duration interval, Runnable task) {
    AtomicReference<Scheduler.Cancellable> current = new AtomicReference<>();
    periodic.add(() -> Optional.ofNullable(current.get()).ifPresent(Scheduler.Cancellable::cancel));
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      if (core.closed) {
        return;
      }
      try {
        task.run();
      } finally {
        if (!core.closed) {
          current.set(scheduler.schedule(interval, loop[0]));
        }
      }
    };
    current.set(scheduler.schedule(interval, loop[0]));
  }

  private void republishPrekeys() {
    if (!core.closed) {
      prekeys.maintain(true);
    }
  }

  /**
   * Queues a message: when this returns, it is durably in the outbox and in the history as QUEUED;
   * delivery proceeds in the background.
   *
   * @throws MessagingException empty or oversized body, a bad timer, or a message to oneself
   */
  public MessageId send(PeerId peer, String text, SendOptions options) {
    if (text == null || text.isBlank()) {
      throw new MessagingException("a message needs text: empty or blank messages are not sent");
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MessagingLimits.MAX_BODY_BYTES) {
      throw new MessagingException("a message body is at most " + MessagingLimits.MAX_BODY_BYTES
          + " bytes of UTF-8, this one is " + bytes);
    }
    Ed25519PublicKey key = Core.keyOf(peer);
    if (key.equals(core.identity.publicKey())) {
      throw new MessagingException("cannot send a message to this node's own identity");
    }
    Sender.Staged sent = sender.queue(key, text, options);
    MessageView queued = sent.view();
    if (sent.timerChanged()) {
      // As setDisappearingTimer tells it: the timer a message brings is as much the user's change.
      core.listener.disappearingTimerChanged(peer, options.disappearAfter().orElseThrow(), true);
    }
    core.listener.messageSent(queued);
    core.listener.stateChanged(peer, queued.id(), MessageState.QUEUED);
    outbox.pumpSoon(key);
    return queued.id();
  }

  public MessageId send(PeerId peer, String text) {
    return send(peer, text, SendOptions.DEFAULT);
  }

  /**
   * Queues a report (or appeal) for a blocklist moderator: end-to-end encrypted and delivered like a
   * message, durably queued when this returns, but kept out of the conversation history.
   *
   * @throws MessagingException an empty or oversized report, or one to this node's own identity
   */
  public MessageId sendReport(PeerId moderator, byte[] report) {
    if (report.length == 0 || report.length > MessagingLimits.MAX_BODY_BYTES) {
      throw new MessagingException("a report is 1.." + MessagingLimits.MAX_BODY_BYTES + " bytes");
    }
    Ed25519PublicKey key = Core.keyOf(moderator);
    if (key.equals(core.identity.publicKey())) {
      throw new MessagingException("cannot send a report to this node's own identity");
    }
    MessageId id = MessageId.random(core.random);
    Content content = Content.newBuilder().setMessageId(ByteString.copyFrom(id.toBytes()))
        .setReport(ByteString.copyFrom(report)).build();
    synchronized (core.lock) {
      core.requireOpen();
      try (Database.Batch batch = core.db.batch()) {
        outbox.stageReport(batch, key, id, content);
        batch.commit(true);
      }
    }
    outbox.pumpSoon(key);
    return id;
  }

  /** Where reports to the user's own blocklists go. */
  public void setReportSink(ReportSink sink) {
    core.reportSink = sink;
  }

  /**
   * The user's policy on peers: messages from a peer it refuses are dropped unseen (the sender is
   * not told), and such a peer may not deposit envelopes in this node's mailbox. Reports and appeals
   * still reach the review desk: a peer a list blocks must be able to appeal to its moderators.
   */
  public void setPeerFilter(java.util.function.Predicate<PeerId> acceptsFrom) {
    core.acceptsFrom = acceptsFrom;
  }

  /** Incoming messages, newest first, filtered by sender and time. */
  public List<MessageView> inbox(InboxFilter filter) {
    long since = filter.since().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
    return core.messages.inbox(filter.from().map(Core::keyOf), since, filter.limit()).stream().map(Views::of).toList();
  }

  /** A conversation, oldest first (causal order: a reply always follows what it answered). */
  public List<MessageView> history(PeerId peer) {
    return core.messages.history(Core.keyOf(peer), MAX_HISTORY).stream().map(Views::of).toList();
  }

  /** The user's messages waiting in the outbox, and those that failed. */
  public record OutboxCounts(int queued, int sentToMailbox, int failed) {}

  public OutboxCounts outboxCounts() {
    RocksOutboxStore.Waiting waiting = core.outbox.waitingMessages();
    return new OutboxCounts(waiting.queued(), waiting.deposited(), core.messages.failedCount());
  }

  /**
   * Why the messages waiting for {@code peer} did not leave at the last attempt (no prekey bundle,
   * no mailbox node…), while they wait for that reason.
   */
  public Optional<String> deliveryProblem(PeerId peer) {
    return outbox.stuckReason(Core.keyOf(peer));
  }

  /** How many messages from {@code peer} the user has not read. */
  public int unreadCount(PeerId peer) {
    return core.messages.unreadCount(Core.keyOf(peer));
  }

  /** Some of a conversation, oldest first, and whether it has messages before them. */
  public record HistoryPage(List<MessageView> messages, boolean earlier) {}

  /**
   * The newest {@code limit} messages with {@code peer} before the message {@code before} (the
   * newest of all when empty), read from the end of the history rather than its start.
   */
  public HistoryPage historyPage(PeerId peer, Optional<MessageId> before, int limit) {
    Ed25519PublicKey key = Core.keyOf(peer);
    byte[] beforeSuffix = null;
    if (before.isPresent()) {
      MessageLocation location = core.messages.location(before.get())
          .filter(l -> !l.getDeleted() && Arrays.equals(l.getPeer().toByteArray(), key.toBytes()))
          .orElseThrow(() -> new MessagingException("no message " + before.get().toHex() + " with " + peer));
      beforeSuffix = location.getHistorySuffix().toByteArray();
    }
    List<StoredMessage> rows = core.messages.historyBefore(key, beforeSuffix, limit + 1);
    boolean earlier = rows.size() > limit;
    return new HistoryPage((earlier ? rows.subList(1, rows.size()) : rows).stream().map(Views::of).toList(), earlier);
  }

  public Optional<MessageView> message(MessageId id) {
    return core.messages.get(id).map(Views::of);
  }

  /** {@code peer} as a contact (named or not), if it is one. */
  public Optional<Contact> contact(PeerId peer) {
    return core.contacts.get(Core.keyOf(peer)).map(Messaging::contact);
  }

  public List<Contact> contacts() {
    return core.contacts.all().stream().map(Messaging::contact).toList();
  }

  /**
   * Adds a contact or renames one; a null {@code displayName} keeps the name it has. Refuses a name
   * another contact has (ignoring case), since a name then no longer says whom a message is for. A
   * replaced name is purged from the contacts table's files in the background.
   */
  public Contact addContact(PeerId peer, String displayName) {
    Ed25519PublicKey key = Core.keyOf(peer);
    ByteString peerBytes = ByteString.copyFrom(key.toBytes());
    Optional<ContactRecord> existing;
    Contact added;
    synchronized (core.lock) {
      core.requireOpen();
      existing = core.contacts.get(key);
      String name = displayName == null ? existing.map(ContactRecord::getDisplayName).orElse("") : displayName.strip();
      if (!name.isEmpty() && core.contacts.all().stream().anyMatch(
          c -> !c.getPeer().equals(peerBytes) && DisplayNames.same(c.getDisplayName(), name))) {
        throw new MessagingException("another contact is already named '" + name + "'");
      }
      ContactRecord record = existing.orElse(ContactRecord.newBuilder()
          .setPeer(peerBytes).setAddedAtMillis(core.clock.millis()).build())
          .toBuilder().setDisplayName(name).build();
      try (Database.Batch batch = core.db.batch()) {
        core.contacts.stagePut(batch, record);
        batch.commit(true);
      }
      if (existing.isPresent() && !existing.get().getDisplayName().isEmpty()
          && !existing.get().getDisplayName().equals(name)) {
        core.db.purgeInBackground(Table.CONTACTS); // a seized disk must not show whom the old name was for
      }
      added = contact(core.contacts.get(key).orElseThrow());
    }
    if (existing.isEmpty()) {
      contactChanged(ContactChange.Kind.ADDED, added);
    } else if (!existing.get().getDisplayName().equals(added.displayName())) {
      contactChanged(ContactChange.Kind.RENAMED, added);
    }
    return added;
  }

  /** Records that the user compared the safety number with {@code peer} (or withdraws it). */
  public Contact setVerified(PeerId peer, boolean verified) {
    Ed25519PublicKey key = Core.keyOf(peer);
    boolean was;
    Contact changed;
    synchronized (core.lock) {
      core.requireOpen();
      ContactRecord record = core.contacts.get(key)
          .orElseThrow(() -> new MessagingException(peer + " is not a contact"));
      was = record.getVerified();
      try (Database.Batch batch = core.db.batch()) {
        core.contacts.stagePut(batch, record.toBuilder().setVerified(verified).build());
        batch.commit(true);
      }
      changed = contact(core.contacts.get(key).orElseThrow());
    }
    if (was != verified) {
      contactChanged(verified ? ContactChange.Kind.VERIFIED : ContactChange.Kind.UNVERIFIED, changed);
    }
    return changed;
  }

  private void contactChanged(ContactChange.Kind kind, Contact contact) {
    core.listener.contactChanged(new ContactChange(kind, contact, disappearingTimer(contact.peer())));
  }

  /**
   * Removes a contact: forgets the user's name for {@code peer} and the verified mark, so that the name
   * stands for no one and the lists the user follows decide about them again, as about a stranger. The
   * peer is not told. Only this node's address book changes: the chat stays until the user deletes it,
   * and with it its disappearing timer (agreed with the peer: dropping it here would turn it off on
   * their side with the next message), the session, and the messages not yet delivered, which are still
   * sent. While messages with them are on this node they stay in the list, unnamed, as a stranger who
   * wrote would be, since every conversation is reached through the list; otherwise their row goes. The
   * contacts table is purged of the forgotten name in the background.
   */
  public ContactRemoval removeContact(PeerId peer) {
    Ed25519PublicKey key = Core.keyOf(peer);
    ContactRemoval.Removed removed;
    synchronized (core.lock) {
      core.requireOpen();
      Optional<ContactRecord> existing = core.contacts.get(key);
      if (existing.isEmpty()) {
        return new ContactRemoval.NotAContact();
      }
      Contact was = contact(existing.get());
      boolean chatKept = !core.messages.history(key, 1).isEmpty();
      if (chatKept && !was.chosenByUser()) {
        return new ContactRemoval.OnlyAChat();
      }
      try (Database.Batch batch = core.db.batch()) {
        if (chatKept) {
          core.contacts.stagePut(batch, existing.get().toBuilder().clearDisplayName().clearVerified().build());
        } else {
          core.contacts.stageRemove(batch, existing.get());
        }
        batch.commit(true);
      }
      removed = new ContactRemoval.Removed(was, chatKept);
    }
    core.db.purgeInBackground(Table.CONTACTS);
    contactChanged(ContactChange.Kind.REMOVED, removed.was());
    return removed;
  }

  /** The conversation's disappearing timer (zero: off). */
  public Duration disappearingTimer(PeerId peer) {
    return Duration.ofSeconds(core.messages.conversation(Core.keyOf(peer)).getDisappearAfterSeconds());
  }

  /** Bytes of envelopes this node holds in its mailbox for other, offline peers. */
  public long mailboxBytesHeld() {
    return mailboxStore.total();
  }

  public SafetyNumber safetyNumber(PeerId peer) {
    return SafetyNumber.of(core.identity.publicKey(), Core.keyOf(peer));
  }

  /** Sets the conversation's disappearing timer (zero: off); it travels with the next message. */
  public boolean setDisappearingTimer(PeerId peer, Duration after) {
    SendOptions.checkTimer(after);
    Ed25519PublicKey key = Core.keyOf(peer);
    synchronized (core.lock) {
      core.requireOpen();
      ConversationRecord conversation = core.messages.conversation(key);
      ConversationRecord changed = DisappearingTimer.set(conversation, (int) after.toSeconds());
      if (changed == conversation) {
        return false;
      }
      try (Database.Batch batch = core.db.batch()) {
        core.messages.stageConversation(batch, key, changed);
        batch.commit(true);
      }
    }
    core.listener.disappearingTimerChanged(peer, after, true);
    return true;
  }

  /**
   * Marks every unread incoming message from {@code peer} read and, when read receipts are on,
   * tells the peer. Returns how many were marked.
   */
  public int markRead(PeerId peer) {
    Ed25519PublicKey key = Core.keyOf(peer);
    List<MessageId> marked = new ArrayList<>();
    synchronized (core.lock) {
      core.requireOpen();
      try (Database.Batch batch = core.db.batch()) {
        for (MessageLocation location : core.messages.unread(key)) {
          StoredMessage m = core.messages.at(location).orElseThrow(
              () -> new StoreException("an unread row names a message that is not stored"));
          core.messages.stageUpdate(batch, location, m, m.toBuilder().setRead(true).build());
          marked.add(Views.id(m));
        }
        if (marked.isEmpty()) {
          return 0;
        }
        if (core.settings.readReceipts()) {
          for (int i = 0; i < marked.size(); i += MessagingLimits.MAX_RECEIPT_IDS) {
            outbox.stageReceipt(batch, key, Receipt.Kind.READ,
                marked.subList(i, Math.min(marked.size(), i + MessagingLimits.MAX_RECEIPT_IDS)));
          }
        }
        batch.commit(true);
      }
    }
    if (core.settings.readReceipts()) {
      outbox.pumpSoon(key);
    }
    return marked.size();
  }

  /** Deletes messages whose disappearing timer ran out. */
  private void sweepExpired() {
    delete(() -> core.messages.expired(core.clock.millis(), MAX_HISTORY), Deletion.EXPIRED);
  }

  /**
   * What a deletion came to: how many messages were deleted here, and how many of them were outgoing
   * messages that had not left this node, which are then not sent at all.
   */
  public record Deleted(int messages, int cancelled) {
    static final Deleted NOTHING = new Deleted(0, 0);

    Deleted plus(Deleted other) {
      return new Deleted(messages + other.messages, cancelled + other.cancelled);
    }
  }

  /**
   * Deletes one message from this node; the peer keeps its copy. An outgoing message that has not left
   * this node (not encrypted for the peer yet: no session with them could be started) is cancelled
   * with it; one already encrypted is still delivered, as it may be on its way. Deletes nothing if
   * there is no such message. The database files are purged of it at once, in the background.
   */
  public Deleted deleteMessage(MessageId id) {
    return delete(() -> List.of(id), Deletion.BY_USER);
  }

  /**
   * Deletes this node's whole history with {@code peer}, as {@link #deleteMessage} does each message;
   * the session stays, and so does the contact if the user named or verified it.
   */
  public Deleted deleteHistory(PeerId peer) {
    Ed25519PublicKey key = Core.keyOf(peer);
    Deleted total = Deleted.NOTHING;
    Deleted deleted;
    do {
      deleted = delete(() -> core.messages.history(key, MAX_HISTORY).stream().map(Views::id).toList(),
          Deletion.BY_USER);
      total = total.plus(deleted);
    } while (deleted.messages() > 0);
    return total;
  }

  /** Deletes the messages {@code ids} names (read under the lock) in one synced batch. */
  private Deleted delete(Supplier<List<MessageId>> ids, Deletion reason) {
    List<StoredMessage> deleted = new ArrayList<>();
    List<Contact> unlisted;
    int cancelled = 0;
    synchronized (core.lock) {
      if (core.closed) {
        return Deleted.NOTHING;
      }
      try (Database.Batch batch = core.db.batch()) {
        boolean staged = false;
        for (MessageId id : ids.get()) {
          Optional<MessageLocation> location = core.messages.location(id);
          if (location.isPresent() && !location.get().getDeleted()) {
            core.messages.get(id).ifPresent(deleted::add);
            core.messages.stageDelete(batch, id, location.get());
            staged = true;
            if (reason == Deletion.BY_USER && outbox.stageCancel(batch, id)) {
              cancelled++;
            }
          }
        }
        if (!staged) {
          return Deleted.NOTHING;
        }
        batch.commit(true);
      }
      unlisted = unlistUnnamedWithoutChat(deleted);
    }
    if (reason == Deletion.BY_USER) {
      core.db.purgeInBackground(Table.MESSAGES);
      core.db.purgeInBackground(Table.OUTBOX);
    }
    deleted.stream().collect(Collectors.groupingBy(StoredMessage::getPeer))
        .forEach((peer, list) -> core.listener.messagesDeleted(Core.peerOf(peer.toByteArray()),
            list.stream().map(Views::id).toList(), reason));
    unlisted.forEach(contact -> contactChanged(ContactChange.Kind.REMOVED, contact));
    return new Deleted(deleted.size(), cancelled);
  }

  /**
   * Removes the unnamed contacts whose chats {@code deleted} emptied (called with the lock held): such a
   * contact is listed only for the chat, as a stranger who wrote is, and goes with it. Returns them as
   * they were.
   */
  private List<Contact> unlistUnnamedWithoutChat(List<StoredMessage> deleted) {
    List<Contact> unlisted = new ArrayList<>();
    try (Database.Batch batch = core.db.batch()) {
      for (ByteString peer : deleted.stream().map(StoredMessage::getPeer).distinct().toList()) {
        Ed25519PublicKey key = Ed25519PublicKey.fromBytes(peer.toByteArray());
        Optional<ContactRecord> record = core.contacts.get(key);
        if (record.isPresent() && !contact(record.get()).chosenByUser() && core.messages.history(key, 1).isEmpty()) {
          core.contacts.stageRemove(batch, record.get());
          unlisted.add(contact(record.get()));
        }
      }
      if (!unlisted.isEmpty()) {
        batch.commit(true);
      }
    }
    return unlisted;
  }

  private void purge() {
    PURGED.forEach(core.db::purgeInBackground);
  }

  /**
   * Before the database closes: messages deleted or expired since the last purge leave the files now, if
   * that is quick, so that a node run for a few minutes at a time keeps no expired message on disk. (The
   * other tables hold only what the next start's first purge, a minute in, takes care of.)
   */
  private void purgeBeforeStopping() {
    try {
      if (core.db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, PURGE_AT_STOP_MAX_BYTES)) {
        LOG.info("the messages table is too large to rewrite while stopping: the messages deleted from it leave its"
            + " files a minute after the next start");
      }
    } catch (StoreException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  /** Whether marking messages read tells their senders (the user's setting). */
  public boolean sendsReadReceipts() {
    return core.settings.readReceipts();
  }

  /** Collects this node's mailboxes now; completes with the number of new messages and receipts. */
  public CompletableFuture<Integer> collectMailboxes() {
    if (core.closed) {
      return CompletableFuture.completedFuture(0);
    }
    return collector.collect().exceptionally(e -> {
      LOG.warn("collecting mailboxes failed: {}", e.toString());
      return 0;
    });
  }

  /**
   * {@code peer} connected: what waits for it in the outbox is offered now instead of after its
   * backoff. Quick and non-blocking (it schedules the work), so a connection event may call it.
   */
  public void peerConnected(PeerId peer) {
    if (!core.closed) {
      peer.publicKey().ifPresent(outbox::retryNow);
    }
  }

  /**
   * Handles one {@code /samizdat/msg/1.0.0} request payload from {@code remote}; returns the answer.
   * A request that decodes always gets an answer, one result per frame (REJECTED says why).
   *
   * @throws ProtocolViolationException the request does not decode: the adapter resets the stream
   */
  public byte[] handleDirect(PeerId remote, byte[] request) {
    List<byte[]> frames = DeliveryProtocol.decodeRequest(request);
    if (core.closed || !started) {
      return DeliveryProtocol.encodeResponse(
          Collections.nCopies(frames.size(), core.closed ? Inbound.SHUTTING_DOWN : Inbound.STARTING));
    }
    Ed25519PublicKey sender;
    try {
      sender = Core.keyOf(remote);
    } catch (MessagingException e) {
      return DeliveryProtocol.encodeResponse(
          Collections.nCopies(frames.size(), new DeliveryResult.Rejected(e.getMessage())));
    }
    return DeliveryProtocol.encodeResponse(inbound.receiveDirect(sender, frames));
  }

  /**
   * Handles one {@code /samizdat/mailbox/1.0.0} request payload.
   *
   * @throws ProtocolViolationException the request cannot be decoded: close the stream
   */
  public byte[] handleMailbox(PeerId remote, byte[] request) {
    return mailboxServer.handle(remote, request, core.acceptsFrom.test(remote));
  }

  /** Publishes a fresh bundle now (also done on start, on rotation and after one-time prekeys are used). */
  public CompletableFuture<Void> publishPrekeys() {
    return prekeys.maintain(true).thenApply(b -> null);
  }

  private static Contact contact(ContactRecord r) {
    return new Contact(Core.peerOf(r.getPeer().toByteArray()), r.getDisplayName(), r.getVerified(),
        Instant.ofEpochMilli(r.getAddedAtMillis()));
  }

  @Override
  public void close() {
    synchronized (core.lock) {
      core.closed = true;
    }
    outbox.close();
    periodic.forEach(Scheduler.Cancellable::cancel);
    purgeBeforeStopping();
  }
}
