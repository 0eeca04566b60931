package dev.samizdat.node.messaging.store;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ContactRecord;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contacts in {@link Table#CONTACTS}: one row per peer (its group a keyed hash of the peer's key)
 * and a list in the order contacts were added, so that the list never puts a key on disk in clear.
 * Callers serialise writes.
 */
public final class RocksContactStore {
  private static final byte[] LIST = Rows.group("contacts");
  private static final RowKey COUNTER = RowKey.of("contact-counter");

  private final Database db;

  public RocksContactStore(Database db) {
    this.db = db;
  }

  public Optional<ContactRecord> get(Ed25519PublicKey peer) {
    return Optional.ofNullable(db.get(Table.CONTACTS, RowKey.of(Rows.group("k", peer.toBytes()))))
        .map(v -> Rows.parse(ContactRecord.parser(), v, "contact"));
  }

  public List<ContactRecord> all() {
    List<ContactRecord> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.CONTACTS, LIST, null, Integer.MAX_VALUE)) {
      get(Ed25519PublicKey.fromBytes(row.value())).ifPresent(out::add);
    }
    return out;
  }

  /** Stages a new or changed contact; a new one gets the next list position. */
  public void stagePut(Database.Batch batch, ContactRecord record) {
    Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(record.getPeer().toByteArray());
    Optional<ContactRecord> existing = get(peer);
    ContactRecord toStore = record;
    if (existing.isEmpty()) {
      byte[] counter = db.get(Table.CONTACTS, COUNTER);
      long index = counter == null ? 0 : Rows.readU64(counter, 0);
      batch.put(Table.CONTACTS, COUNTER, Rows.u64(index + 1));
      batch.put(Table.CONTACTS, RowKey.of(LIST, index), peer.toBytes());
      toStore = record.toBuilder().setIndex(index).build();
    } else {
      toStore = record.toBuilder().setIndex(existing.get().getIndex()).build();
    }
    batch.put(Table.CONTACTS, RowKey.of(Rows.group("k", peer.toBytes())), toStore.toByteArray());
  }
}
