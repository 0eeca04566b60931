package dev.samizdat.node.dht;

import dev.samizdat.crypto.Hashes;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The DHT records this node holds for others, in {@link Table#DHT_RECORDS}: one row per record under
 * the group {@code r}, suffix SHA-256 of the record key (keys may be up to 1 KiB, row suffixes should
 * be short). Values stay on disk; an index of (sender, received-at) per row is kept in memory for the
 * per-peer limit, rebuilt on open. Writes are not synced: these are soft state that the owners
 * republish, and a lost write costs nothing but a later re-PUT. Thread-safe.
 *
 * <p>Row value: u16 key length ‖ key ‖ u16 sender length ‖ sender peer id ‖ i64 received-at ‖ value.
 */
public final class RocksRecordStore implements RecordStore {
  private static final byte[] GROUP = {'r'};
  /** Rows read per scan when rebuilding the index or sweeping. */
  private static final int SCAN_ALL = Integer.MAX_VALUE;

  private record Meta(PeerId from, long receivedAtMillis) {}

  private final Database db;
  private final Map<ByteBuffer, Meta> index = new ConcurrentHashMap<>();

  public RocksRecordStore(Database db) {
    this.db = db;
    for (Database.Row row : db.scan(Table.DHT_RECORDS, GROUP, null, SCAN_ALL)) {
      try {
        Stored s = decode(row.value());
        index.put(ByteBuffer.wrap(row.suffix()), new Meta(s.from(), s.receivedAtMillis()));
      } catch (RuntimeException e) {
        db.batch().delete(Table.DHT_RECORDS, new RowKey(GROUP, row.suffix())).commit(false);
      }
    }
  }

  @Override
  public Optional<Stored> get(byte[] key) {
    byte[] stored = db.get(Table.DHT_RECORDS, rowKey(key));
    return stored == null ? Optional.empty() : Optional.of(decode(stored));
  }

  @Override
  public synchronized void put(Stored record) {
    byte[] suffix = Hashes.sha256(record.key());
    db.batch().put(Table.DHT_RECORDS, new RowKey(GROUP, suffix), encode(record)).commit(false);
    index.put(ByteBuffer.wrap(suffix), new Meta(record.from(), record.receivedAtMillis()));
  }

  @Override
  public synchronized void remove(byte[] key) {
    byte[] suffix = Hashes.sha256(key);
    db.batch().delete(Table.DHT_RECORDS, new RowKey(GROUP, suffix)).commit(false);
    index.remove(ByteBuffer.wrap(suffix));
  }

  @Override
  public int size() {
    return index.size();
  }

  @Override
  public int countFrom(PeerId peer) {
    return (int) index.values().stream().filter(m -> m.from().equals(peer)).count();
  }

  @Override
  public synchronized int removeIf(Predicate<Stored> condition) {
    int removed = 0;
    try (Database.Batch batch = db.batch()) {
      for (Database.Row row : db.scan(Table.DHT_RECORDS, GROUP, null, SCAN_ALL)) {
        if (condition.test(decode(row.value()))) {
          batch.delete(Table.DHT_RECORDS, new RowKey(GROUP, row.suffix()));
          index.remove(ByteBuffer.wrap(row.suffix()));
          removed++;
        }
      }
      batch.commit(false);
    }
    return removed;
  }

  private static RowKey rowKey(byte[] key) {
    return new RowKey(GROUP, Hashes.sha256(key));
  }

  static byte[] encode(Stored record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] key = record.key();
      byte[] from = record.from().toBytes();
      out.writeShort(key.length);
      out.write(key);
      out.writeShort(from.length);
      out.write(from);
      out.writeLong(record.receivedAtMillis());
      out.write(record.value());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static Stored decode(byte[] row) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row))) {
      byte[] key = in.readNBytes(in.readUnsignedShort());
      byte[] from = in.readNBytes(in.readUnsignedShort());
      long receivedAt = in.readLong();
      byte[] value = in.readAllBytes();
      return new Stored(key, value, PeerId.fromBytes(from), receivedAt);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("a stored DHT record is damaged: " + e.getMessage(), e);
    }
  }
}
