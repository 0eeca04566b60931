package dev.samizdat.node.messaging.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.OutboxEntry;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable outbox in {@link Table#OUTBOX}: entries in the order they were queued (a counter, so
 * that messages to one peer are sealed and delivered in order), removed once delivered or failed.
 * An index in memory (position → peer, message id and next attempt, updated when a batch commits),
 * also grouped by peer and by message, finds one peer's due entries or one message without decrypting
 * the whole outbox or walking other peers' entries: an outbox deep with messages for a peer who is
 * away costs nothing to a send or a receipt for another. Callers serialise writes; reads and
 * {@link #nextPosition()} are thread-safe.
 */
public final class RocksOutboxStore {
  private static final byte[] GROUP = Rows.group("outbox");
  /** Entries read at once on start; an outbox is drained long before it grows this large. */
  static final int MAX_SCAN = 100_000;

  /**
   * What the index keeps of an entry; {@code encryptedBy} is a database sequence number at or after
   * the write of its frame (0 when it was written before this node started: durable since).
   */
  private record Indexed(ByteString peer, ByteString messageId, long nextAttemptAtMillis, boolean encrypted,
      long encryptedBy, boolean userMessage, boolean deposited) {}

  /** The user's messages in the queue: not yet with the peer or a mailbox, and deposited in mailboxes. */
  public record Waiting(int queued, int deposited) {}

  /** One peer's entries, and how many of them wait to be encrypted. */
  private static final class PeerEntries {
    final ConcurrentSkipListMap<Long, Indexed> entries = new ConcurrentSkipListMap<>();
    volatile int unencrypted;
  }

  private final Database db;
  private final AtomicLong next;
  private final ConcurrentSkipListMap<Long, Indexed> index = new ConcurrentSkipListMap<>();
  private final Map<ByteString, PeerEntries> byPeer = new ConcurrentHashMap<>();
  private final Map<ByteString, Set<Long>> byMessage = new ConcurrentHashMap<>();

  /** The message an entry carries (this node wrote it: one that does not parse means a corrupt store). */
  public static Content content(OutboxEntry entry) {
    try {
      return Content.parseFrom(entry.getContent());
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a stored outbox entry's content is corrupt: " + e.getMessage(), e);
    }
  }

  public RocksOutboxStore(Database db) {
    this.db = db;
    for (Positioned p : scan()) {
      index(p.position(), indexed(p.entry(), 0));
    }
    this.next = new AtomicLong(index.isEmpty() ? 0 : index.lastKey() + 1);
  }

  /** An entry with its queue position. */
  public record Positioned(long position, OutboxEntry entry) {}

  public long nextPosition() {
    return next.getAndIncrement();
  }

  /** The peers (Ed25519 keys) with entries, in queue order of their first entry. */
  public Set<ByteString> peers() {
    Map<Long, ByteString> byFirstEntry = new TreeMap<>();
    byPeer.forEach((peer, entries) -> {
      var first = entries.entries.firstEntry();
      if (first != null) {
        byFirstEntry.put(first.getKey(), peer);
      }
    });
    return new LinkedHashSet<>(byFirstEntry.values());
  }

  /** The first {@code limit} entries for {@code peer} due for an attempt by {@code dueBy}, in queue order. */
  public List<Positioned> dueForPeer(ByteString peer, long dueBy, int limit) {
    List<Positioned> out = new ArrayList<>();
    for (var e : entriesOf(peer).entrySet()) {
      if (out.size() == limit) {
        break;
      }
      if (e.getValue().nextAttemptAtMillis() <= dueBy) {
        get(e.getKey()).ifPresent(entry -> out.add(new Positioned(e.getKey(), entry)));
      }
    }
    return out;
  }

  public boolean holdsEntriesFor(ByteString peer) {
    return !entriesOf(peer).isEmpty();
  }

  /** When the next attempt for {@code peer} is due, if it has entries. */
  public OptionalLong nextAttempt(ByteString peer) {
    return entriesOf(peer).values().stream().mapToLong(Indexed::nextAttemptAtMillis).min();
  }

  /** The entries carrying {@code messageId} (one, unless a retry re-queued it), in queue order. */
  public List<Positioned> forMessage(ByteString messageId) {
    List<Positioned> out = new ArrayList<>();
    for (long position : new TreeSet<>(byMessage.getOrDefault(messageId, Set.of()))) {
      get(position).ifPresent(entry -> out.add(new Positioned(position, entry)));
    }
    return out;
  }

  /** Whether any of {@code peer}'s entries waits to be encrypted. */
  public boolean hasUnencrypted(ByteString peer) {
    PeerEntries entries = byPeer.get(peer);
    return entries != null && entries.unencrypted > 0;
  }

  /**
   * A database sequence number that covers the writes of the frames of {@code entries}: once it is
   * durable, those frames may leave this node.
   */
  public long encryptedBy(List<Positioned> entries) {
    long by = 0;
    for (Positioned p : entries) {
      Indexed indexed = index.get(p.position());
      by = Math.max(by, indexed == null ? 0 : indexed.encryptedBy());
    }
    return by;
  }

  public boolean contains(long position) {
    return index.containsKey(position);
  }

  public Optional<OutboxEntry> get(long position) {
    return Optional.ofNullable(db.get(Table.OUTBOX, RowKey.of(GROUP, position)))
        .map(v -> Rows.parse(OutboxEntry.parser(), v, "outbox entry"));
  }

  public Waiting waitingMessages() {
    int queued = 0;
    int deposited = 0;
    for (Indexed e : index.values()) {
      if (e.userMessage()) {
        if (e.deposited()) {
          deposited++;
        } else {
          queued++;
        }
      }
    }
    return new Waiting(queued, deposited);
  }

  public void stagePut(Database.Batch batch, long position, OutboxEntry entry) {
    batch.put(Table.OUTBOX, RowKey.of(GROUP, position), entry.toByteArray())
        .afterCommit(() -> {
          Indexed old = index.get(position);
          index(position, indexed(entry, old != null && old.encrypted() ? old.encryptedBy() : db.latestSequence()));
        });
  }

  public void stageDelete(Database.Batch batch, long position) {
    batch.delete(Table.OUTBOX, RowKey.of(GROUP, position)).afterCommit(() -> unindex(position));
  }

  private Map<Long, Indexed> entriesOf(ByteString peer) {
    PeerEntries entries = byPeer.get(peer);
    return entries == null ? Map.of() : entries.entries;
  }

  private void index(long position, Indexed indexed) {
    unindex(position);
    index.put(position, indexed);
    PeerEntries entries = byPeer.computeIfAbsent(indexed.peer(), p -> new PeerEntries());
    entries.entries.put(position, indexed);
    if (!indexed.encrypted()) {
      entries.unencrypted++;
    }
    byMessage.computeIfAbsent(indexed.messageId(), m -> ConcurrentHashMap.newKeySet()).add(position);
  }

  private void unindex(long position) {
    Indexed old = index.remove(position);
    if (old == null) {
      return;
    }
    byPeer.computeIfPresent(old.peer(), (peer, entries) -> {
      entries.entries.remove(position);
      if (!old.encrypted()) {
        entries.unencrypted--;
      }
      return entries.entries.isEmpty() ? null : entries;
    });
    byMessage.computeIfPresent(old.messageId(), (id, positions) -> {
      positions.remove(position);
      return positions.isEmpty() ? null : positions;
    });
  }

  private List<Positioned> scan() {
    List<Positioned> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.OUTBOX, GROUP, null, MAX_SCAN)) {
      out.add(new Positioned(Rows.readU64(row.suffix(), 0), Rows.parse(OutboxEntry.parser(), row.value(), "outbox entry")));
    }
    return out;
  }

  private static Indexed indexed(OutboxEntry entry, long encryptedBy) {
    return new Indexed(entry.getPeer(), entry.getMessageId(), entry.getNextAttemptAtMillis(),
        !entry.getFrame().isEmpty(), encryptedBy, !entry.getReceipt(), entry.getDeposited());
  }
}
