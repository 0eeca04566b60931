package dev.samizdat.node.messaging.store;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.net.EnvelopeId;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MailboxItem;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MailboxUsage;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Envelopes this node holds for offline peers, in {@link Table#MAILBOX}: per recipient in deposit
 * order, an id index (to delete and to recognise a repeated deposit), per-recipient usage against
 * {@link MessagingLimits#MAX_ENVELOPES_PER_RECIPIENT} / {@link MessagingLimits#MAX_BYTES_PER_RECIPIENT},
 * the bytes each depositing peer left per day against {@link MessagingLimits#MAX_BYTES_PER_DEPOSITOR},
 * a node-wide byte total, and a retention queue by deposit time. Each change is one synced batch.
 * Thread-safe (one lock).
 *
 * <p>A depositor is held to what it deposited within the retention, counted by the day, rather than
 * to its envelopes still held: whatever it deposited earlier has expired, so this bounds what it
 * holds just as well, survives restarts, and needs no row that ties an envelope to the peer that left
 * it — the sealed envelope hides its sender, and a seized disk should not name them. The cost: a
 * depositor whose envelopes were collected at once still counts them until their day has aged out.
 */
public final class RocksMailboxStore {
  private static final RowKey COUNTER = RowKey.of("mailbox-counter");
  private static final RowKey TOTAL = RowKey.of("mailbox-total");
  private static final byte[] RETENTION = Rows.group("mailbox-retention");
  /** Per day and depositor (the suffix): the depositor's key, to find its count when the day ages out. */
  private static final byte[] DEPOSIT_DAYS = Rows.group("mailbox-deposit-days");
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final Database db;
  private final Duration retention;
  private final long maxBytesTotal;
  private final long maxBytesPerDepositor;

  /** {@code retention}: how long an envelope is kept; {@link #expire} drops it after that. */
  public RocksMailboxStore(Database db, Duration retention) {
    this(db, retention, MessagingLimits.MAX_MAILBOX_BYTES_TOTAL, MessagingLimits.MAX_BYTES_PER_DEPOSITOR);
  }

  RocksMailboxStore(Database db, Duration retention, long maxBytesTotal, long maxBytesPerDepositor) {
    this.db = db;
    this.retention = retention;
    this.maxBytesTotal = maxBytesTotal;
    this.maxBytesPerDepositor = maxBytesPerDepositor;
  }

  public enum Outcome { STORED, ALREADY_STORED, RECIPIENT_FULL, DEPOSITOR_FULL, NODE_FULL }

  /** A page of a recipient's envelopes, oldest first, and whether more remain. */
  public record Page(List<MailboxItem> items, boolean more) {}

  /** Keeps {@code envelope} for {@code recipient}, left by {@code depositor}, unless a limit refuses it. */
  public synchronized Outcome deposit(Ed25519PublicKey recipient, PeerId depositor, byte[] envelope, long nowMillis) {
    EnvelopeId id = EnvelopeId.of(envelope);
    if (db.get(Table.MAILBOX, idKey(recipient, id)) != null) {
      return Outcome.ALREADY_STORED;
    }
    MailboxUsage usage = usage(recipient);
    if (usage.getCount() + 1 > MessagingLimits.MAX_ENVELOPES_PER_RECIPIENT
        || usage.getBytes() + envelope.length > MessagingLimits.MAX_BYTES_PER_RECIPIENT) {
      return Outcome.RECIPIENT_FULL;
    }
    if (depositedWithinRetention(depositor, nowMillis) + envelope.length > maxBytesPerDepositor) {
      return Outcome.DEPOSITOR_FULL;
    }
    long total = total();
    if (total + envelope.length > maxBytesTotal) {
      return Outcome.NODE_FULL;
    }
    long today = Math.floorDiv(nowMillis, DAY_MILLIS);
    byte[] todayValue = db.get(Table.MAILBOX, depositedKey(depositor, today));
    long depositedToday = todayValue == null ? 0 : Rows.readU64(todayValue, 0);
    byte[] counterValue = db.get(Table.MAILBOX, COUNTER);
    long position = counterValue == null ? 0 : Rows.readU64(counterValue, 0);
    MailboxItem item = MailboxItem.newBuilder().setRecipient(ByteString.copyFrom(recipient.toBytes()))
        .setEnvelope(ByteString.copyFrom(envelope)).setDepositedAtMillis(nowMillis)
        .setId(ByteString.copyFrom(id.toBytes())).build();
    db.batch()
        .put(Table.MAILBOX, COUNTER, Rows.u64(position + 1))
        .put(Table.MAILBOX, RowKey.of(items(recipient), position), item.toByteArray())
        .put(Table.MAILBOX, idKey(recipient, id), Rows.u64(position))
        .put(Table.MAILBOX, new RowKey(RETENTION, Rows.concat(Rows.u64(nowMillis), Rows.u64(position))), recipient.toBytes())
        .put(Table.MAILBOX, usageKey(recipient), MailboxUsage.newBuilder().setCount(usage.getCount() + 1)
            .setBytes(usage.getBytes() + envelope.length).build().toByteArray())
        .put(Table.MAILBOX, TOTAL, Rows.u64(total + envelope.length))
        .put(Table.MAILBOX, depositedKey(depositor, today), Rows.u64(depositedToday + envelope.length))
        .put(Table.MAILBOX, new RowKey(DEPOSIT_DAYS, Rows.concat(Rows.u64(today), depositor.toBytes())),
            depositor.toBytes())
        .commit(true);
    return Outcome.STORED;
  }

  /** What {@code depositor} left here on the days whose envelopes may still be held. */
  synchronized long depositedWithinRetention(PeerId depositor, long nowMillis) {
    long firstDay = firstHeldDay(nowMillis - retention.toMillis());
    long deposited = 0;
    for (Database.Row row : db.scan(Table.MAILBOX, depositedBy(depositor), Rows.u64(firstDay), Integer.MAX_VALUE)) {
      deposited += Rows.readU64(row.value(), 0);
    }
    return deposited;
  }

  /** Up to {@code limit} envelopes, oldest first, within {@code maxBytes} (at least one). */
  public synchronized Page fetch(Ed25519PublicKey recipient, int limit, long maxBytes) {
    List<Database.Row> rows = db.scan(Table.MAILBOX, items(recipient), null, limit + 1);
    List<MailboxItem> out = new ArrayList<>();
    long bytes = 0;
    for (Database.Row row : rows) {
      MailboxItem item = Rows.parse(MailboxItem.parser(), row.value(), "mailbox envelope");
      if (out.size() == limit || (!out.isEmpty() && bytes + item.getEnvelope().size() > maxBytes)) {
        return new Page(out, true);
      }
      bytes += item.getEnvelope().size();
      out.add(item);
    }
    return new Page(out, false);
  }

  /** Deletes the named envelopes of {@code recipient}; unknown ids are ignored. Returns how many went. */
  public synchronized int delete(Ed25519PublicKey recipient, List<EnvelopeId> ids) {
    Database.Batch batch = db.batch();
    MailboxUsage usage = usage(recipient);
    int count = usage.getCount();
    long bytes = usage.getBytes();
    long total = total();
    int deleted = 0;
    for (EnvelopeId id : ids) {
      byte[] position = db.get(Table.MAILBOX, idKey(recipient, id));
      if (position == null) {
        continue;
      }
      RowKey itemKey = RowKey.of(items(recipient), Rows.readU64(position, 0));
      byte[] value = db.get(Table.MAILBOX, itemKey);
      if (value == null) {
        continue;
      }
      MailboxItem item = Rows.parse(MailboxItem.parser(), value, "mailbox envelope");
      batch.delete(Table.MAILBOX, itemKey).delete(Table.MAILBOX, idKey(recipient, id))
          .delete(Table.MAILBOX, new RowKey(RETENTION, Rows.concat(Rows.u64(item.getDepositedAtMillis()), position)));
      count--;
      bytes -= item.getEnvelope().size();
      total -= item.getEnvelope().size();
      deleted++;
    }
    if (deleted == 0) {
      batch.close();
      return 0;
    }
    batch.put(Table.MAILBOX, usageKey(recipient), MailboxUsage.newBuilder().setCount(Math.max(0, count))
            .setBytes(Math.max(0, bytes)).build().toByteArray())
        .put(Table.MAILBOX, TOTAL, Rows.u64(Math.max(0, total)))
        .commit(true);
    return deleted;
  }

  /**
   * Deletes every envelope deposited more than the retention before {@code nowMillis}, and the
   * depositors' counts of the days that held only such envelopes; returns how many envelopes.
   */
  public synchronized int expire(long nowMillis) {
    long cutoffMillis = nowMillis - retention.toMillis();
    forgetDepositsBefore(firstHeldDay(cutoffMillis));
    int expired = 0;
    while (true) {
      List<Database.Row> rows = db.scan(Table.MAILBOX, RETENTION, null, MessagingLimits.MAX_DELETE_IDS);
      List<Database.Row> due = rows.stream().filter(r -> Rows.readU64(r.suffix(), 0) < cutoffMillis).toList();
      if (due.isEmpty()) {
        return expired;
      }
      for (Database.Row row : due) {
        Ed25519PublicKey recipient = Ed25519PublicKey.fromBytes(row.value());
        byte[] value = db.get(Table.MAILBOX, RowKey.of(items(recipient), Rows.readU64(row.suffix(), 8)));
        if (value == null) {
          db.batch().delete(Table.MAILBOX, new RowKey(RETENTION, row.suffix())).commit(false);
          continue;
        }
        MailboxItem item = Rows.parse(MailboxItem.parser(), value, "mailbox envelope");
        expired += delete(recipient, List.of(EnvelopeId.fromBytes(item.getId().toByteArray())));
      }
    }
  }

  public synchronized MailboxUsage usage(Ed25519PublicKey recipient) {
    byte[] v = db.get(Table.MAILBOX, usageKey(recipient));
    return v == null ? MailboxUsage.getDefaultInstance() : Rows.parse(MailboxUsage.parser(), v, "mailbox usage");
  }

  public synchronized long total() {
    byte[] v = db.get(Table.MAILBOX, TOTAL);
    return v == null ? 0 : Rows.readU64(v, 0);
  }

  private void forgetDepositsBefore(long day) {
    while (true) {
      List<Database.Row> due = db.scan(Table.MAILBOX, DEPOSIT_DAYS, null, MessagingLimits.MAX_DELETE_IDS).stream()
          .filter(r -> Rows.readU64(r.suffix(), 0) < day).toList();
      if (due.isEmpty()) {
        return;
      }
      try (Database.Batch batch = db.batch()) {
        for (Database.Row row : due) {
          PeerId depositor = PeerId.fromBytes(row.value());
          batch.delete(Table.MAILBOX, new RowKey(DEPOSIT_DAYS, row.suffix()))
              .delete(Table.MAILBOX, depositedKey(depositor, Rows.readU64(row.suffix(), 0)));
        }
        batch.commit(false);
      }
    }
  }

  /** The first day that may hold envelopes deposited from {@code cutoffMillis} on. */
  private static long firstHeldDay(long cutoffMillis) {
    return Math.floorDiv(cutoffMillis, DAY_MILLIS);
  }

  private static byte[] depositedBy(PeerId depositor) {
    return Rows.group("mdd", depositor.toBytes());
  }

  private static RowKey depositedKey(PeerId depositor, long day) {
    return RowKey.of(depositedBy(depositor), day);
  }

  private static byte[] items(Ed25519PublicKey recipient) {
    return Rows.group("m", recipient.toBytes());
  }

  private static RowKey idKey(Ed25519PublicKey recipient, EnvelopeId id) {
    return RowKey.of(Rows.group("mid", recipient.toBytes(), id.toBytes()));
  }

  private static RowKey usageKey(Ed25519PublicKey recipient) {
    return RowKey.of(Rows.group("mu", recipient.toBytes()));
  }

}
