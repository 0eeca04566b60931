package dev.samizdat.node.messaging.store;

import dev.samizdat.node.messaging.proto.MessagingStoreProtos.OutboxEntry;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable outbox in {@link Table#OUTBOX}: entries in the order they were queued (a counter, so
 * that messages to one peer are sealed and delivered in order), removed once delivered or failed.
 * Callers serialise writes; {@link #nextPosition()} is thread-safe.
 */
public final class RocksOutboxStore {
  private static final byte[] GROUP = Rows.group("outbox");
  /** Entries read at once on start; an outbox is drained long before it grows this large. */
  static final int MAX_SCAN = 100_000;

  private final Database db;
  private final AtomicLong next;

  public RocksOutboxStore(Database db) {
    this.db = db;
    long max = -1;
    for (Database.Row row : db.scan(Table.OUTBOX, GROUP, null, MAX_SCAN)) {
      max = Math.max(max, Rows.readU64(row.suffix(), 0));
    }
    this.next = new AtomicLong(max + 1);
  }

  /** An entry with its queue position. */
  public record Positioned(long position, OutboxEntry entry) {}

  public long nextPosition() {
    return next.getAndIncrement();
  }

  public List<Positioned> all() {
    List<Positioned> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.OUTBOX, GROUP, null, MAX_SCAN)) {
      out.add(new Positioned(Rows.readU64(row.suffix(), 0), Rows.parse(OutboxEntry.parser(), row.value(), "outbox entry")));
    }
    return out;
  }

  public java.util.Optional<OutboxEntry> get(long position) {
    return java.util.Optional.ofNullable(db.get(Table.OUTBOX, RowKey.of(GROUP, position)))
        .map(v -> Rows.parse(OutboxEntry.parser(), v, "outbox entry"));
  }

  public void stagePut(Database.Batch batch, long position, OutboxEntry entry) {
    batch.put(Table.OUTBOX, RowKey.of(GROUP, position), entry.toByteArray());
  }

  public void stageDelete(Database.Batch batch, long position) {
    batch.delete(Table.OUTBOX, RowKey.of(GROUP, position));
  }
}
