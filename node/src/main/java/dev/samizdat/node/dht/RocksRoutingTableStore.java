package dev.samizdat.node.dht;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.routing.RoutingTableStore;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The routing table's members in {@link Table#DHT_ROUTING}, so that a restarted node rejoins through
 * the peers it knew. One row per peer under the group {@code p}, suffix the peer id. Writes are not
 * synced: losing the last few changes in a crash only means a slightly older table. Thread-safe.
 *
 * <p>Row value: i64 added-at ‖ u16 address count ‖ (u16 length ‖ binary multiaddr)*.
 */
public final class RocksRoutingTableStore implements RoutingTableStore {
  private static final byte[] GROUP = {'p'};
  /** The table holds at most 256 buckets of k = 20; anything beyond that is not ours. */
  private static final int MAX_ROWS = 256 * 20;

  private final Database db;

  public RocksRoutingTableStore(Database db) {
    this.db = db;
  }

  @Override
  public void put(PeerAddresses peer, long addedAtMillis) {
    db.batch().put(Table.DHT_ROUTING, new RowKey(GROUP, peer.id().toBytes()), encode(peer, addedAtMillis))
        .commit(false);
  }

  @Override
  public void remove(PeerId peer) {
    db.batch().delete(Table.DHT_ROUTING, new RowKey(GROUP, peer.toBytes())).commit(false);
  }

  @Override
  public List<StoredPeer> loadAll() {
    List<StoredPeer> peers = new ArrayList<>();
    for (Database.Row row : db.scan(Table.DHT_ROUTING, GROUP, null, MAX_ROWS)) {
      try {
        peers.add(decode(PeerId.fromBytes(row.suffix()), row.value()));
      } catch (RuntimeException e) {
        db.batch().delete(Table.DHT_ROUTING, new RowKey(GROUP, row.suffix())).commit(false);
      }
    }
    return peers;
  }

  static byte[] encode(PeerAddresses peer, long addedAtMillis) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(addedAtMillis);
      List<byte[]> addrs = peer.multiaddrs();
      out.writeShort(addrs.size());
      for (byte[] a : addrs) {
        out.writeShort(a.length);
        out.write(a);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static StoredPeer decode(PeerId id, byte[] row) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row))) {
      long addedAt = in.readLong();
      int count = in.readUnsignedShort();
      List<byte[]> addrs = new ArrayList<>(Math.min(count, 64));
      for (int i = 0; i < count; i++) {
        addrs.add(in.readNBytes(in.readUnsignedShort()));
      }
      return new StoredPeer(new PeerAddresses(id, addrs), addedAt);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("a stored routing table entry is damaged: " + e.getMessage(), e);
    }
  }
}
