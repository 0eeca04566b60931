package dev.samizdat.node.messaging.store;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ContactRecord;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.Collection;
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
    return Optional.ofNullable(db.get(Table.CONTACTS, recordKey(peer.toBytes())))
        .map(v -> Rows.parse(ContactRecord.parser(), v, "contact"));
  }

  public List<ContactRecord> all() {
    List<ContactRecord> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.CONTACTS, LIST, null, Integer.MAX_VALUE)) {
      get(Ed25519PublicKey.fromBytes(row.value())).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Stages a new or changed contact; a new one gets the next list position. At most one new contact
   * per batch: the position is read from the database, which does not see the batch.
   */
  public void stagePut(Database.Batch batch, ContactRecord record) {
    Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(record.getPeer().toByteArray());
    Optional<ContactRecord> existing = get(peer);
    long index = existing.map(ContactRecord::getIndex).orElseGet(() -> {
      long next = nextIndex();
      stageListed(batch, peer, next);
      return next;
    });
    stageRecord(batch, record.toBuilder().setIndex(index).build());
  }

  /** Stages an unnamed contact for each of {@code peers} that is none yet, at consecutive list positions. */
  public void stageAddIfAbsent(Database.Batch batch, Collection<Ed25519PublicKey> peers, long nowMillis) {
    long next = -1;
    for (Ed25519PublicKey peer : peers) {
      if (get(peer).isEmpty()) {
        next = next < 0 ? nextIndex() : next;
        stageListed(batch, peer, next);
        stageRecord(batch, ContactRecord.newBuilder().setPeer(ByteString.copyFrom(peer.toBytes()))
            .setAddedAtMillis(nowMillis).setIndex(next).build());
        next++;
      }
    }
  }

  /** Stages the removal of a contact: its row and its place in the list. */
  public void stageRemove(Database.Batch batch, ContactRecord record) {
    batch.delete(Table.CONTACTS, RowKey.of(LIST, record.getIndex()));
    batch.delete(Table.CONTACTS, recordKey(record.getPeer().toByteArray()));
  }

  private long nextIndex() {
    byte[] counter = db.get(Table.CONTACTS, COUNTER);
    return counter == null ? 0 : Rows.readU64(counter, 0);
  }

  private void stageListed(Database.Batch batch, Ed25519PublicKey peer, long index) {
    batch.put(Table.CONTACTS, COUNTER, Rows.u64(index + 1));
    batch.put(Table.CONTACTS, RowKey.of(LIST, index), peer.toBytes());
  }

  private void stageRecord(Database.Batch batch, ContactRecord record) {
    batch.put(Table.CONTACTS, recordKey(record.getPeer().toByteArray()), record.toByteArray());
  }

  private static RowKey recordKey(byte[] peer) {
    return RowKey.of(Rows.group("k", peer));
  }
}
