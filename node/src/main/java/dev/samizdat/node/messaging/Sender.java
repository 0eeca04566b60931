package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Text;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import dev.samizdat.node.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Queues the user's messages with group commit: concurrent sends wait in a queue, whichever sender
 * next holds the lock stages all of them in one batch, and they share the log sync after it.
 * Thread-safe.
 */
final class Sender {
  private final Core core;
  private final Outbox outbox;
  /** Sends not yet staged. */
  private final Queue<PendingSend> pending = new ConcurrentLinkedQueue<>();

  Sender(Core core, Outbox outbox) {
    this.core = core;
    this.outbox = outbox;
  }

  /** A message stored as QUEUED, and whether its timer changed the conversation's. */
  record Staged(MessageView view, boolean timerChanged) {}

  /**
   * Stores a message to {@code peer} (whose text the caller checked) as QUEUED in the history and the
   * outbox; when this returns, that is durable.
   *
   * @throws MessagingException messaging is closed, or the message could not be staged
   */
  Staged queue(Ed25519PublicKey peer, String text, SendOptions options) {
    PendingSend mine = new PendingSend(peer, text, options, MessageId.random(core.random));
    pending.add(mine);
    long written;
    synchronized (core.lock) {
      if (!mine.staged) {
        stagePendingSends();
      }
      if (mine.failure != null) {
        throw mine.failure;
      }
      written = core.db.latestSequence();
    }
    core.db.awaitDurable(written); // outside the lock, so that concurrent senders share one log sync
    return new Staged(mine.view, mine.timerChanged);
  }

  /** A message waiting to be staged, with what became of it (both guarded by the lock). */
  private static final class PendingSend {
    final Ed25519PublicKey peer;
    final String text;
    final SendOptions options;
    final MessageId id;
    boolean staged;
    RuntimeException failure;
    MessageView view;
    boolean timerChanged;

    PendingSend(Ed25519PublicKey peer, String text, SendOptions options, MessageId id) {
      this.peer = peer;
      this.text = text;
      this.options = options;
      this.id = id;
    }
  }

  /**
   * Stages every waiting send in one batch (called with the lock held): concurrent senders share a
   * commit and a conversation update per peer, as they share the log sync after it. When the batch
   * fails, each send is tried alone, so that one send's failure (a session that cannot encrypt) is not
   * every other sender's.
   */
  private void stagePendingSends() {
    List<PendingSend> sends = new ArrayList<>();
    for (PendingSend p = pending.poll(); p != null; p = pending.poll()) {
      sends.add(p);
    }
    try {
      stage(sends);
    } catch (RuntimeException e) {
      if (sends.size() == 1) {
        sends.get(0).failure = e;
      } else {
        for (PendingSend p : sends) {
          try {
            stage(List.of(p));
          } catch (RuntimeException alone) {
            p.failure = alone;
          }
        }
      }
    } finally {
      sends.forEach(p -> p.staged = true);
    }
  }

  /** Stages {@code sends} in one batch and commits it, or writes nothing. */
  private void stage(List<PendingSend> sends) {
    core.requireOpen();
    long now = core.clock.millis();
    Map<Ed25519PublicKey, ConversationRecord> conversations = new LinkedHashMap<>();
    Map<Ed25519PublicKey, List<Outbox.Queued>> queued = new LinkedHashMap<>();
    try (Database.Batch batch = core.db.batch()) {
      for (PendingSend p : sends) {
        ConversationRecord conversation = conversations.computeIfAbsent(p.peer, core.messages::conversation);
        int timer = p.options.disappearAfter().map(d -> (int) d.toSeconds())
            .orElse(conversation.getDisappearAfterSeconds());
        ConversationRecord before = conversation;
        conversation = DisappearingTimer.set(conversation, timer);
        p.timerChanged = conversation != before;
        Text body = Text.newBuilder().setBody(p.text).setSentAtMillis(now).setSequence(conversation.getNextSequence())
            .setDisappearAfterSeconds(timer).setDisappearTimerVersion(conversation.getDisappearTimerVersion()).build();
        ByteString id = ByteString.copyFrom(p.id.toBytes());
        StoredMessage stored = StoredMessage.newBuilder().setMessageId(id)
            .setPeer(ByteString.copyFrom(p.peer.toBytes())).setOutgoing(true).setBody(p.text).setSentAtMillis(now)
            .setReceivedAtMillis(now).setSequence(body.getSequence()).setState(StoredState.QUEUED)
            .setExpiresAtMillis(timer == 0 ? 0 : now + timer * 1000L).build();
        core.messages.stageInsert(batch, stored);
        p.view = Views.of(stored);
        queued.computeIfAbsent(p.peer, peer -> new ArrayList<>())
            .add(new Outbox.Queued(p.id, Content.newBuilder().setMessageId(id).setText(body).build()));
        conversations.put(p.peer, conversation.toBuilder().setNextSequence(conversation.getNextSequence() + 1).build());
      }
      // As a stranger who writes becomes an unnamed contact, so does one written to: every
      // conversation is in the contact list, and so in the chat list and the status counts.
      core.contacts.stageAddIfAbsent(batch, queued.keySet(), now);
      queued.forEach((peer, messages) -> outbox.stageMessages(batch, peer, messages));
      conversations.forEach((peer, conversation) -> core.messages.stageConversation(batch, peer, conversation));
      batch.commit(false);
    }
  }
}
