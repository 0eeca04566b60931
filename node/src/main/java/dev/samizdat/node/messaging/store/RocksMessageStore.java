package dev.samizdat.node.messaging.store;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Messages in {@link Table#MESSAGES}, in these kinds of rows:
 * <ul>
 *   <li>history, per conversation, ordered by the conversation's Lamport sequence (each message's
 *       sequence is above every one its sender had seen) ‖ sent time ‖ id, so that both sides
 *       show the same order, concurrent messages included;
 *   <li>the inbox of incoming messages, newest first (suffix: MAX − received time ‖ MAX − sequence ‖ id);
 *   <li>an index from message id to where its rows are, kept as a tombstone after deletion so that
 *       a replayed message is never shown again;
 *   <li>the expiry queue of disappearing messages (suffix: expiry time ‖ id);
 *   <li>the unread incoming messages, per conversation (suffix: the history suffix), and the
 *       outgoing messages that failed (suffix: id), so that counting and marking them reads only them;
 * </ul>
 * and one row per conversation (its disappearing timer and next sequence number). Writes are staged
 * into the caller's batch; callers serialise them.
 */
public final class RocksMessageStore {
  private static final byte[] INBOX = Rows.group("inbox");
  private static final byte[] EXPIRY = Rows.group("expiry");
  static final byte[] FAILED = Rows.group("failed");
  /** Present once the unread and failed rows cover every message (databases of schema version 1 had none). */
  static final RowKey VERSION_2_ROWS_BUILT = RowKey.of(Rows.group("v2-rows-built"));
  private static final int SCAN_PAGE = 256;

  private final Database db;

  public RocksMessageStore(Database db) {
    this.db = db;
  }

  public Optional<MessageLocation> location(MessageId id) {
    return Optional.ofNullable(db.get(Table.MESSAGES, indexKey(id)))
        .map(v -> Rows.parse(MessageLocation.parser(), v, "message location"));
  }

  /**
   * Where an outgoing message's history row is, from what the message itself says (no read): its
   * history key is its sequence ‖ sent time ‖ id. The row is gone if the message was deleted since.
   */
  public static MessageLocation outgoingLocation(ByteString peer, long sequence, long sentAtMillis, MessageId id) {
    return MessageLocation.newBuilder().setPeer(peer)
        .setHistorySuffix(ByteString.copyFrom(historySuffix(sequence, sentAtMillis, id.toBytes()))).build();
  }

  private static byte[] historySuffix(long sequence, long sentAtMillis, byte[] id) {
    return Rows.concat(Rows.u64(sequence), Rows.u64(sentAtMillis), id);
  }

  /** The message, unless unknown or deleted. */
  public Optional<StoredMessage> get(MessageId id) {
    return location(id).filter(l -> !l.getDeleted()).flatMap(this::at);
  }

  /** The message at a location read before (saves reading the location twice). */
  public Optional<StoredMessage> at(MessageLocation l) {
    byte[] v = db.get(Table.MESSAGES, new RowKey(historyGroup(l.getPeer().toByteArray()), l.getHistorySuffix().toByteArray()));
    return Optional.ofNullable(v).map(b -> Rows.parse(StoredMessage.parser(), b, "message"));
  }

  /** Stages a new message with its history, index, inbox (if incoming) and expiry rows. */
  public void stageInsert(Database.Batch batch, StoredMessage m) {
    byte[] id = m.getMessageId().toByteArray();
    byte[] historySuffix = historySuffix(m.getSequence(), m.getSentAtMillis(), id);
    MessageLocation.Builder location = MessageLocation.newBuilder().setPeer(m.getPeer())
        .setHistorySuffix(ByteString.copyFrom(historySuffix)).setExpiresAtMillis(m.getExpiresAtMillis());
    batch.put(Table.MESSAGES, new RowKey(historyGroup(m.getPeer().toByteArray()), historySuffix), m.toByteArray());
    if (!m.getOutgoing()) {
      // Within one millisecond, the later message of a conversation comes first.
      byte[] inboxSuffix = Rows.concat(Rows.u64(Long.MAX_VALUE - m.getReceivedAtMillis()),
          Rows.u64(Long.MAX_VALUE - m.getSequence()), id);
      batch.put(Table.MESSAGES, new RowKey(INBOX, inboxSuffix), Rows.concat(m.getPeer().toByteArray(), historySuffix));
      location.setInboxSuffix(ByteString.copyFrom(inboxSuffix));
    }
    if (m.getExpiresAtMillis() > 0) {
      batch.put(Table.MESSAGES, new RowKey(EXPIRY, Rows.concat(Rows.u64(m.getExpiresAtMillis()), id)), new byte[0]);
    }
    if (isUnread(m)) {
      batch.put(Table.MESSAGES, new RowKey(unreadGroup(m.getPeer().toByteArray()), historySuffix), new byte[0]);
    }
    batch.put(Table.MESSAGES, indexKey(id), location.build().toByteArray());
  }

  /** Stages a changed message (state, read flag) in place; {@code before} is what it was. */
  public void stageUpdate(Database.Batch batch, MessageLocation l, StoredMessage before, StoredMessage after) {
    byte[] peer = l.getPeer().toByteArray();
    batch.put(Table.MESSAGES, new RowKey(historyGroup(peer), l.getHistorySuffix().toByteArray()), after.toByteArray());
    if (isUnread(before) && !isUnread(after)) {
      batch.delete(Table.MESSAGES, new RowKey(unreadGroup(peer), l.getHistorySuffix().toByteArray()));
    }
    if (after.getState() == StoredState.FAILED && before.getState() != StoredState.FAILED) {
      batch.put(Table.MESSAGES, new RowKey(FAILED, after.getMessageId().toByteArray()), new byte[0]);
    }
  }

  private static boolean isUnread(StoredMessage m) {
    return !m.getOutgoing() && !m.getRead();
  }

  /** Stages the deletion of a message's rows, leaving a tombstone in the index. */
  public void stageDelete(Database.Batch batch, MessageId id, MessageLocation l) {
    byte[] peer = l.getPeer().toByteArray();
    batch.delete(Table.MESSAGES, new RowKey(historyGroup(peer), l.getHistorySuffix().toByteArray()));
    if (!l.getInboxSuffix().isEmpty()) {
      batch.delete(Table.MESSAGES, new RowKey(INBOX, l.getInboxSuffix().toByteArray()));
      batch.delete(Table.MESSAGES, new RowKey(unreadGroup(peer), l.getHistorySuffix().toByteArray()));
    } else {
      batch.delete(Table.MESSAGES, new RowKey(FAILED, id.toBytes()));
    }
    if (l.getExpiresAtMillis() > 0) {
      batch.delete(Table.MESSAGES, new RowKey(EXPIRY, Rows.concat(Rows.u64(l.getExpiresAtMillis()), id.toBytes())));
    }
    batch.put(Table.MESSAGES, indexKey(id), MessageLocation.newBuilder().setPeer(l.getPeer()).setDeleted(true).build()
        .toByteArray());
  }

  /**
   * The newest {@code limit} messages of a conversation before the history row {@code beforeSuffix}
   * (the newest of all when null), oldest first.
   */
  public List<StoredMessage> historyBefore(Ed25519PublicKey peer, byte[] beforeSuffix, int limit) {
    List<StoredMessage> out = new ArrayList<>();
    for (Database.Row row : db.scanBackward(Table.MESSAGES, historyGroup(peer.toBytes()), beforeSuffix, limit)) {
      out.add(Rows.parse(StoredMessage.parser(), row.value(), "message"));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** A conversation's history, oldest first, at most {@code limit} messages from its start. */
  public List<StoredMessage> history(Ed25519PublicKey peer, int limit) {
    List<StoredMessage> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.MESSAGES, historyGroup(peer.toBytes()), null, limit)) {
      out.add(Rows.parse(StoredMessage.parser(), row.value(), "message"));
    }
    return out;
  }

  /**
   * Incoming messages, newest first, received at or after {@code sinceMillis}, from {@code from}
   * when given; at most {@code limit}.
   */
  public List<StoredMessage> inbox(Optional<Ed25519PublicKey> from, long sinceMillis, int limit) {
    List<StoredMessage> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    walk(INBOX, row -> {
      long receivedAt = Long.MAX_VALUE - Rows.readU64(row.suffix(), 0);
      if (receivedAt < sinceMillis) {
        return false;
      }
      byte[] peer = Arrays.copyOf(row.value(), 32);
      if (from.isPresent() && !Arrays.equals(peer, from.get().toBytes())) {
        return true;
      }
      byte[] v = db.get(Table.MESSAGES, new RowKey(historyGroup(peer), Arrays.copyOfRange(row.value(), 32, row.value().length)));
      if (v != null) {
        out.add(Rows.parse(StoredMessage.parser(), v, "message"));
      }
      return out.size() < limit;
    });
    return out;
  }

  /** Where the unread incoming messages of a conversation are, oldest first. */
  public List<MessageLocation> unread(Ed25519PublicKey peer) {
    List<MessageLocation> out = new ArrayList<>();
    ByteString peerBytes = ByteString.copyFrom(peer.toBytes());
    forEachRow(unreadGroup(peer.toBytes()), row -> out.add(MessageLocation.newBuilder().setPeer(peerBytes)
        .setHistorySuffix(ByteString.copyFrom(row.suffix())).build()));
    return out;
  }

  /** The number of unread incoming messages in a conversation. */
  public int unreadCount(Ed25519PublicKey peer) {
    int[] count = {0};
    forEachRow(unreadGroup(peer.toBytes()), row -> count[0]++);
    return count[0];
  }

  /** The number of outgoing messages that failed, in all conversations. */
  public int failedCount() {
    int[] count = {0};
    forEachRow(FAILED, row -> count[0]++);
    return count[0];
  }

  /**
   * Writes the unread and failed rows of a database that predates them (schema version 1), once.
   * Every incoming message is in the inbox rows, which name its history row; an outgoing one is only
   * in its conversation's history, so the caller names the conversations (every peer a message
   * went to is a contact).
   */
  public void addVersion2RowsIfMissing(Supplier<Collection<Ed25519PublicKey>> conversations) {
    if (db.get(Table.MESSAGES, VERSION_2_ROWS_BUILT) != null) {
      return;
    }
    try (Database.Batch batch = db.batch()) {
      forEachRow(INBOX, row -> {
        byte[] peer = Arrays.copyOf(row.value(), 32);
        byte[] historySuffix = Arrays.copyOfRange(row.value(), 32, row.value().length);
        byte[] v = db.get(Table.MESSAGES, new RowKey(historyGroup(peer), historySuffix));
        if (v != null && isUnread(Rows.parse(StoredMessage.parser(), v, "message"))) {
          batch.put(Table.MESSAGES, new RowKey(unreadGroup(peer), historySuffix), new byte[0]);
        }
      });
      for (Ed25519PublicKey peer : conversations.get()) {
        forEachRow(historyGroup(peer.toBytes()), row -> {
          StoredMessage m = Rows.parse(StoredMessage.parser(), row.value(), "message");
          if (m.getState() == StoredState.FAILED) {
            batch.put(Table.MESSAGES, new RowKey(FAILED, m.getMessageId().toByteArray()), new byte[0]);
          }
        });
      }
      batch.put(Table.MESSAGES, VERSION_2_ROWS_BUILT, new byte[0]);
      batch.commit(true);
    }
  }

  private void forEachRow(byte[] group, Consumer<Database.Row> action) {
    walk(group, row -> {
      action.accept(row);
      return true;
    });
  }

  /** The rows of {@code group} in order, a page at a time, for as long as {@code goOn} says so. */
  private void walk(byte[] group, Predicate<Database.Row> goOn) {
    byte[] from = null;
    while (true) {
      List<Database.Row> rows = db.scan(Table.MESSAGES, group, from, SCAN_PAGE);
      int start = from == null ? 0 : 1; // a page starts at the row the previous one ended with
      for (Database.Row row : rows.subList(Math.min(start, rows.size()), rows.size())) {
        if (!goOn.test(row)) {
          return;
        }
      }
      if (rows.size() < SCAN_PAGE) {
        return;
      }
      from = rows.get(rows.size() - 1).suffix();
    }
  }

  /** Ids of messages whose expiry is at or before {@code nowMillis}, soonest first. */
  public List<MessageId> expired(long nowMillis, int limit) {
    List<MessageId> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.MESSAGES, EXPIRY, null, limit)) {
      if (Rows.readU64(row.suffix(), 0) > nowMillis) {
        break;
      }
      out.add(MessageId.fromBytes(Arrays.copyOfRange(row.suffix(), 8, row.suffix().length)));
    }
    return out;
  }

  public ConversationRecord conversation(Ed25519PublicKey peer) {
    byte[] v = db.get(Table.MESSAGES, RowKey.of(Rows.group("c", peer.toBytes())));
    return v == null ? ConversationRecord.getDefaultInstance() : Rows.parse(ConversationRecord.parser(), v, "conversation");
  }

  public void stageConversation(Database.Batch batch, Ed25519PublicKey peer, ConversationRecord record) {
    batch.put(Table.MESSAGES, RowKey.of(Rows.group("c", peer.toBytes())), record.toByteArray());
  }

  private static byte[] historyGroup(byte[] peer) {
    return Rows.group("h", peer);
  }

  static byte[] unreadGroup(byte[] peer) {
    return Rows.group("u", peer);
  }

  private static RowKey indexKey(byte[] id) {
    return RowKey.of(Rows.group("i", id));
  }

  private static RowKey indexKey(MessageId id) {
    return indexKey(id.toBytes());
  }
}
