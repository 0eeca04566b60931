package dev.samizdat.node.dht;

import dev.samizdat.crypto.Hashes;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.provider.InMemoryProviderStore;
import dev.samizdat.dht.provider.ProviderStore;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The provider entries this node holds for others (who serves which channel), kept across restarts in
 * {@link Table#DHT_RECORDS}: held only in memory, they were lost whenever a node restarted, and a
 * channel's readers could not be found until their announcements came round again (every 22 h). One
 * row per (key, provider) under the group {@code p}, suffix SHA-256 of the key ‖ the provider's peer
 * id; the entries are also kept in memory for lookups and limits, and loaded on open. Writes are not
 * synced: soft state that its providers republish. Thread-safe.
 *
 * <p>Row value: u16 key length ‖ key ‖ u16 id length ‖ peer id ‖ u16 address count ‖ (u16 length ‖
 * multiaddr)* ‖ i64 expiry.
 */
public final class RocksProviderStore implements ProviderStore {
  private static final byte[] GROUP = {'p'};
  private static final int SCAN_ALL = Integer.MAX_VALUE;

  private final Database db;
  private final InMemoryProviderStore memory = new InMemoryProviderStore();

  public RocksProviderStore(Database db, long nowMillis) {
    this.db = db;
    try (Database.Batch batch = db.batch()) {
      for (Database.Row row : db.scan(Table.DHT_RECORDS, GROUP, null, SCAN_ALL)) {
        try {
          Row entry = decode(row.value());
          if (entry.provider().expiresAtMillis() > nowMillis) {
            memory.put(entry.key(), entry.provider());
            continue;
          }
        } catch (StoreException damaged) {
          // dropped below, like an expired entry
        }
        batch.delete(Table.DHT_RECORDS, new RowKey(GROUP, row.suffix()));
      }
      batch.commit(false);
    }
  }

  private record Row(byte[] key, Provider provider) {}

  @Override
  public synchronized void put(byte[] key, Provider provider) {
    memory.put(key, provider);
    db.batch().put(Table.DHT_RECORDS, rowKey(key, provider.peer().id()), encode(key, provider)).commit(false);
  }

  @Override
  public List<Provider> get(byte[] key, long nowMillis, int limit) {
    return memory.get(key, nowMillis, limit);
  }

  @Override
  public boolean contains(byte[] key, PeerId peer) {
    return memory.contains(key, peer);
  }

  @Override
  public int countForKey(byte[] key) {
    return memory.countForKey(key);
  }

  @Override
  public int countFor(PeerId peer) {
    return memory.countFor(peer);
  }

  @Override
  public int size() {
    return memory.size();
  }

  @Override
  public synchronized void evictSoonestExpiring(byte[] key) {
    memory.get(key, Long.MIN_VALUE, Integer.MAX_VALUE).stream()
        .min(Comparator.comparingLong(Provider::expiresAtMillis))
        .ifPresent(victim -> db.batch().delete(Table.DHT_RECORDS, rowKey(key, victim.peer().id())).commit(false));
    memory.evictSoonestExpiring(key);
  }

  @Override
  public synchronized int removeExpired(long nowMillis) {
    int removed = memory.removeExpired(nowMillis);
    if (removed > 0) {
      try (Database.Batch batch = db.batch()) {
        for (Database.Row row : db.scan(Table.DHT_RECORDS, GROUP, null, SCAN_ALL)) {
          if (expiry(row.value()) <= nowMillis) {
            batch.delete(Table.DHT_RECORDS, new RowKey(GROUP, row.suffix()));
          }
        }
        batch.commit(false);
      }
    }
    return removed;
  }

  private static RowKey rowKey(byte[] key, PeerId provider) {
    byte[] hash = Hashes.sha256(key);
    byte[] id = provider.toBytes();
    byte[] suffix = new byte[hash.length + id.length];
    System.arraycopy(hash, 0, suffix, 0, hash.length);
    System.arraycopy(id, 0, suffix, hash.length, id.length);
    return new RowKey(GROUP, suffix);
  }

  static byte[] encode(byte[] key, Provider provider) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] id = provider.peer().id().toBytes();
      out.writeShort(key.length);
      out.write(key);
      out.writeShort(id.length);
      out.write(id);
      out.writeShort(provider.peer().multiaddrs().size());
      for (byte[] address : provider.peer().multiaddrs()) {
        out.writeShort(address.length);
        out.write(address);
      }
      out.writeLong(provider.expiresAtMillis());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static Row decode(byte[] row) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row))) {
      byte[] key = in.readNBytes(in.readUnsignedShort());
      PeerId id = PeerId.fromBytes(in.readNBytes(in.readUnsignedShort()));
      int count = in.readUnsignedShort();
      List<byte[]> addresses = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        addresses.add(in.readNBytes(in.readUnsignedShort()));
      }
      long expiresAt = in.readLong();
      if (in.available() != 0) {
        throw new IOException("trailing bytes");
      }
      return new Row(key, new Provider(new PeerAddresses(id, addresses), expiresAt));
    } catch (IOException | RuntimeException e) {
      throw new StoreException("a stored provider entry is damaged: " + e.getMessage(), e);
    }
  }

  private static long expiry(byte[] row) {
    return row.length < Long.BYTES ? Long.MIN_VALUE
        : ByteBuffer.wrap(row, row.length - Long.BYTES, Long.BYTES).getLong();
  }
}
