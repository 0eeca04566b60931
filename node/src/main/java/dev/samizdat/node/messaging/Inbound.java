package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.pqxdh.UnknownPrekeyException;
import dev.samizdat.crypto.ratchet.DuplicateMessageException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Receipt;
import dev.samizdat.node.messaging.proto.MessagingProtos.Text;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import dev.samizdat.node.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Receives encrypted frames: directly from their authenticated sender, several per request, or one
 * by one in sealed envelopes from a mailbox. Each frame's message, the session state that decrypted
 * it, the consumed prekeys and any receipt to send back are committed in one batch; the batches of
 * a request share one log sync (group commit) before the sender is told {@link DeliveryResult.Accepted};
 * events follow. A message id seen before (even one since deleted) is never stored or shown again.
 */
final class Inbound {
  /** Conversation sequence numbers stay far below overflow whatever a peer sends (2^53). */
  static final long MAX_SEQUENCE = 1L << 53;
  /** Not a refusal: the sender offers it again, and a mailbox keeps it until this node takes it. */
  static final DeliveryResult SHUTTING_DOWN = new DeliveryResult.Unavailable("this node is shutting down");
  /** As {@link #SHUTTING_DOWN}, before the node has set up what judges a message (its policy, its review desk). */
  static final DeliveryResult STARTING = new DeliveryResult.Unavailable("this node is starting");
  private final Core core;
  private final SessionCrypto crypto;
  private final Outbox outbox;
  /** Told after a commit that consumed one-time prekeys, so the bundle gets republished. */
  private final Runnable prekeysUsed;

  Inbound(Core core, SessionCrypto crypto, Outbox outbox, Runnable prekeysUsed) {
    this.core = core;
    this.crypto = crypto;
    this.outbox = outbox;
    this.prekeysUsed = prekeysUsed;
  }

  /**
   * Frames that came straight from {@code sender} over its authenticated stream; one result each, in
   * order. Frames of sessions this node holds share one batch, their sessions and conversation read
   * and staged once; a frame that starts a session gets a batch of its own.
   */
  List<DeliveryResult> receiveDirect(Ed25519PublicKey sender, List<byte[]> frames) {
    return durably(Collections.nCopies(frames.size(), SHUTTING_DOWN), after -> {
      List<DeliveryResult> results = new ArrayList<>(frames.size());
      Run run = null;
      try {
        for (byte[] frame : frames) {
          if (run == null) {
            run = new Run(sender);
          }
          Optional<DeliveryResult> result = run.offer(frame);
          if (result.isEmpty()) { // it starts a session: commit what came before, then take it alone
            run.commit(after);
            run = null;
            result = Optional.of(receiveLocked(sender, frame, false, after));
          }
          results.add(result.get());
        }
        if (run != null) {
          run.commit(after);
        }
      } finally {
        if (run != null) {
          run.batch.close(); // after a failure: nothing of the run is written
        }
      }
      return results;
    });
  }

  /**
   * Runs {@code work} under the lock, then syncs the log, then runs what it left for afterwards:
   * nothing is answered or announced before it is on disk. {@code work} leaves only what follows
   * a commit, so that when a later write fails, what was committed before is still announced.
   */
  private <T> T durably(T ifClosed, Function<Consumer<Runnable>, T> work) {
    List<Runnable> after = new ArrayList<>();
    T result = null;
    RuntimeException failure = null;
    long written;
    synchronized (core.lock) {
      if (core.closed) {
        return ifClosed;
      }
      try {
        result = work.apply(after::add);
      } catch (RuntimeException e) {
        failure = e;
      }
      written = core.db.latestSequence();
    }
    core.db.awaitDurable(written);
    after.forEach(Runnable::run);
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /** What a frame that could not be decrypted gets. */
  private static DeliveryResult undecryptable(CryptoException e) {
    if (e instanceof DuplicateMessageException) {
      return new DeliveryResult.Duplicate();
    }
    if (e instanceof UnknownPrekeyException) {
      return new DeliveryResult.SessionStartRefused("cannot start the session: " + e.getMessage());
    }
    return new DeliveryResult.Rejected("bad frame: " + e.getMessage());
  }

  /** Frames of one sender's known sessions in one batch. */
  private final class Run {
    private final Database.Batch batch = core.db.batch();
    private final List<Runnable> staged = new ArrayList<>();
    private final SessionCrypto.Working sessions;
    private final Conversation conversation;

    Run(Ed25519PublicKey sender) {
      this.sessions = crypto.working(sender);
      this.conversation = new Conversation(sender);
    }

    /** Empty when the frame starts a session. */
    Optional<DeliveryResult> offer(byte[] frame) {
      Optional<byte[]> content;
      try {
        content = sessions.decryptKnown(frame);
      } catch (CryptoException e) {
        return Optional.of(undecryptable(e));
      } catch (ProtocolViolationException e) {
        return Optional.of(new DeliveryResult.Rejected("bad frame: " + e.getMessage()));
      }
      return content.map(c -> accept(batch, conversation, c, false, staged::add));
    }

    /** Commits the run; what its frames left for afterwards goes to {@code after} once it is written. */
    void commit(Consumer<Runnable> after) {
      sessions.stage(batch);
      conversation.stage(batch);
      batch.commit(false);
      staged.forEach(after);
    }
  }

  /** A sealed envelope collected from a mailbox. */
  DeliveryResult receiveSealed(byte[] envelope) {
    SessionCrypto.Unsealed unsealed;
    try {
      unsealed = crypto.unseal(envelope);
    } catch (CryptoException e) {
      return new DeliveryResult.Rejected("bad envelope: " + e.getMessage());
    }
    return durably(SHUTTING_DOWN, after -> receiveLocked(unsealed.sender(), unsealed.frame(), true, after));
  }

  /** Decrypts and stores one frame in a batch of its own; commits without syncing (the caller syncs before answering). */
  private DeliveryResult receiveLocked(Ed25519PublicKey sender, byte[] frame, boolean viaMailbox,
      Consumer<Runnable> after) {
    try (Database.Batch batch = core.db.batch()) {
      SessionCrypto.Decrypted decrypted;
      try {
        decrypted = crypto.decrypt(sender, frame, batch);
      } catch (CryptoException e) {
        return undecryptable(e);
      } catch (ProtocolViolationException e) {
        return new DeliveryResult.Rejected("bad frame: " + e.getMessage());
      }
      Conversation conversation = new Conversation(sender);
      List<Runnable> staged = new ArrayList<>();
      DeliveryResult result = accept(batch, conversation, decrypted.content(), viaMailbox, staged::add);
      if (!(result instanceof DeliveryResult.Rejected)) {
        conversation.stage(batch);
        batch.commit(false);
        staged.forEach(after);
        decrypted.consumedPrekeys().ifPresent(used -> after.accept(prekeysUsed));
      }
      return result;
    }
  }

  /**
   * Takes decrypted content into {@code batch}. A duplicate or a blocked sender's message is not
   * stored, but the session that decrypted it stays in step (the caller commits it).
   */
  private DeliveryResult accept(Database.Batch batch, Conversation conversation, byte[] decrypted, boolean viaMailbox,
      Consumer<Runnable> after) {
    Content content;
    try {
      content = Content.parseFrom(decrypted);
    } catch (InvalidProtocolBufferException e) {
      return new DeliveryResult.Rejected("decrypted content is not a Content message");
    }
    MessageId id;
    try {
      id = MessageId.fromBytes(content.getMessageId().toByteArray());
    } catch (ProtocolViolationException e) {
      return new DeliveryResult.Rejected(e.getMessage());
    }
    if (conversation.knows(id)) {
      return new DeliveryResult.Duplicate();
    }
    Ed25519PublicKey sender = conversation.peer;
    boolean report = content.getBodyCase() == Content.BodyCase.REPORT;
    if (!report && !core.acceptsFrom.test(Core.peerOf(sender.toBytes()))) {
      // A blocked sender is not told: the session stays in step, the message is dropped unseen.
      return new DeliveryResult.Accepted();
    }
    return switch (content.getBodyCase()) {
      case TEXT -> text(batch, conversation, id, content.getText(), viaMailbox, after);
      case RECEIPT -> receipt(batch, sender, content.getReceipt(), after);
      case REPORT -> report(sender, content.getReport().toByteArray());
      case BODY_NOT_SET -> new DeliveryResult.Rejected("content has no body");
    };
  }

  /** The conversation with one sender as a batch changes it: read once, staged once. */
  private final class Conversation {
    final Ed25519PublicKey peer;
    private ConversationRecord record;
    private boolean changed;
    private boolean contactKnown;
    private final Set<MessageId> stored = new HashSet<>();

    Conversation(Ed25519PublicKey peer) {
      this.peer = peer;
    }

    boolean knows(MessageId id) {
      return stored.contains(id) || core.messages.location(id).isPresent();
    }

    ConversationRecord record() {
      if (record == null) {
        record = core.messages.conversation(peer);
      }
      return record;
    }

    void update(ConversationRecord updated) {
      record = updated;
      changed = true;
    }

    /** Whether the sender is among the contacts (or was added in this batch); adds it if not. */
    void ensureContact(Database.Batch batch, long now) {
      if (!contactKnown) {
        core.contacts.stageAddIfAbsent(batch, List.of(peer), now);
      }
      contactKnown = true;
    }

    void stored(MessageId id) {
      stored.add(id);
    }

    void stage(Database.Batch batch) {
      if (changed) {
        core.messages.stageConversation(batch, peer, record);
      }
    }
  }

  private DeliveryResult text(Database.Batch batch, Conversation conversation, MessageId id, Text text,
      boolean viaMailbox, Consumer<Runnable> after) {
    Ed25519PublicKey sender = conversation.peer;
    int bodyBytes = text.getBody().getBytes(StandardCharsets.UTF_8).length;
    if (bodyBytes == 0 || bodyBytes > MessagingLimits.MAX_BODY_BYTES) {
      return new DeliveryResult.Rejected("message body of " + bodyBytes + " bytes is outside 1.."
          + MessagingLimits.MAX_BODY_BYTES);
    }
    // Both are uint32 on the wire, so Java reads values from 2^31 up as negative numbers.
    if (Integer.toUnsignedLong(text.getDisappearAfterSeconds()) > MessagingLimits.MAX_DISAPPEAR_AFTER.toSeconds()) {
      return new DeliveryResult.Rejected("disappearing timer above " + MessagingLimits.MAX_DISAPPEAR_AFTER);
    }
    if (text.getDisappearTimerVersion() < 0) {
      // No one changes a timer 2^31 times; a version that high would leave this side's changes no room.
      return new DeliveryResult.Rejected("disappearing timer version " + Integer.toUnsignedString(
          text.getDisappearTimerVersion()) + " out of range");
    }
    long now = core.clock.millis();
    if (Long.compareUnsigned(text.getSequence(), MAX_SEQUENCE) > 0) {
      return new DeliveryResult.Rejected("conversation sequence " + Long.toUnsignedString(text.getSequence())
          + " out of range");
    }
    // The sequence is a Lamport clock of the conversation, and orders its history: this message goes
    // after everything this node has seen or sent in it (a message the peer sent before it saw ours
    // shows where it arrived, not above ours), and our next message after this one.
    ConversationRecord record = conversation.record();
    long sequence = Math.max(record.getNextSequence(), text.getSequence());
    ConversationRecord updated = DisappearingTimer.received(record, text.getDisappearAfterSeconds(),
        text.getDisappearTimerVersion());
    conversation.update(updated.toBuilder().setNextSequence(sequence + 1).build());
    if (updated.getDisappearAfterSeconds() != record.getDisappearAfterSeconds()) {
      PeerId peer = Core.peerOf(sender.toBytes());
      Duration timer = Duration.ofSeconds(updated.getDisappearAfterSeconds());
      after.accept(() -> core.listener.disappearingTimerChanged(peer, timer, false));
    }
    conversation.ensureContact(batch, now);
    StoredMessage stored = StoredMessage.newBuilder().setMessageId(ByteString.copyFrom(id.toBytes()))
        .setPeer(ByteString.copyFrom(sender.toBytes())).setOutgoing(false).setBody(text.getBody())
        .setSentAtMillis(text.getSentAtMillis()).setReceivedAtMillis(now).setSequence(sequence)
        .setState(StoredState.RECEIVED)
        .setExpiresAtMillis(text.getDisappearAfterSeconds() == 0 ? 0 : now + text.getDisappearAfterSeconds() * 1000L)
        .build();
    core.messages.stageInsert(batch, stored);
    conversation.stored(id);
    if (viaMailbox) {
      // The sender cannot see a mailbox pick-up: tell it, durably, in the same batch.
      outbox.stageReceipt(batch, sender, Receipt.Kind.DELIVERED, List.of(id));
      after.accept(() -> outbox.pumpSoon(sender));
    }
    MessageView view = Views.of(stored);
    after.accept(() -> core.listener.messageReceived(view));
    return new DeliveryResult.Accepted();
  }

  /** Hands a report to the review desk, which stores it before the sender is told it arrived. */
  private DeliveryResult report(Ed25519PublicKey sender, byte[] report) {
    if (report.length == 0 || report.length > MessagingLimits.MAX_BODY_BYTES) {
      return new DeliveryResult.Rejected("report of " + report.length + " bytes is outside 1.."
          + MessagingLimits.MAX_BODY_BYTES);
    }
    try {
      core.reportSink.accept(sender, report);
    } catch (RuntimeException refused) {
      return new DeliveryResult.Rejected("report refused: " + refused.getMessage());
    }
    return new DeliveryResult.Accepted();
  }

  private DeliveryResult receipt(Database.Batch batch, Ed25519PublicKey sender, Receipt receipt,
      Consumer<Runnable> after) {
    if (receipt.getMessageIdsCount() > MessagingLimits.MAX_RECEIPT_IDS) {
      return new DeliveryResult.Rejected("receipt names more than " + MessagingLimits.MAX_RECEIPT_IDS + " messages");
    }
    // All ids are read before anything is staged: a refused receipt changes nothing.
    List<MessageId> ids = new ArrayList<>(receipt.getMessageIdsCount());
    for (ByteString raw : receipt.getMessageIdsList()) {
      try {
        ids.add(MessageId.fromBytes(raw.toByteArray()));
      } catch (ProtocolViolationException e) {
        return new DeliveryResult.Rejected(e.getMessage());
      }
    }
    MessageState state = receipt.getKind() == Receipt.Kind.READ ? MessageState.READ : MessageState.DELIVERED;
    PeerId peer = Core.peerOf(sender.toBytes());
    for (MessageId id : ids) {
      MessageLocation location = core.messages.location(id).orElse(null);
      if (location == null || !location.getPeer().equals(ByteString.copyFrom(sender.toBytes()))) {
        continue; // not ours to update: unknown, or another conversation's
      }
      if (location.getDeleted()) {
        // Deleted here after it was encrypted, so it was still sent: now it has arrived, its entry goes.
        outbox.stageDelivered(batch, id);
        continue;
      }
      StoredMessage m = core.messages.at(location).orElse(null);
      if (m == null || !m.getOutgoing()) {
        continue;
      }
      outbox.stageDelivered(batch, id);
      if (Views.state(m.getState()).canAdvanceTo(state)) {
        core.messages.stageUpdate(batch, location, m, m.toBuilder().setState(Views.stored(state)).build());
        after.accept(() -> core.listener.stateChanged(peer, id, state));
      }
    }
    return new DeliveryResult.Accepted();
  }
}
