package dev.samizdat.node.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ContactRecord;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contact list on a real RocksDB. */
class RocksContactStoreTest {
  private final SecureRandom random = new SecureRandom();
  @TempDir Path dir;

  @Test
  void severalNewContactsInOneBatchEachGetAPlaceInTheList() {
    Ed25519PublicKey known = key();
    Ed25519PublicKey first = key();
    Ed25519PublicKey second = key();
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksContactStore contacts = new RocksContactStore(db);
      try (Database.Batch batch = db.batch()) {
        contacts.stageAddIfAbsent(batch, List.of(known), 1);
        batch.commit(true);
      }
      try (Database.Batch batch = db.batch()) {
        contacts.stageAddIfAbsent(batch, List.of(first, known, second), 2);
        batch.commit(true);
      }
      assertThat(contacts.all()).extracting(c -> Ed25519PublicKey.fromBytes(c.getPeer().toByteArray()))
          .containsExactly(known, first, second);
      assertThat(contacts.get(known)).map(ContactRecord::getAddedAtMillis).hasValue(1L);
    }
  }

  @Test
  void aRemovedContactLeavesTheListAndANewOneTakesANewPlace() {
    Ed25519PublicKey first = key();
    Ed25519PublicKey removed = key();
    Ed25519PublicKey last = key();
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksContactStore contacts = new RocksContactStore(db);
      try (Database.Batch batch = db.batch()) {
        contacts.stageAddIfAbsent(batch, List.of(first, removed), 1);
        batch.commit(true);
      }
      try (Database.Batch batch = db.batch()) {
        contacts.stageRemove(batch, contacts.get(removed).orElseThrow());
        batch.commit(true);
      }
      assertThat(contacts.get(removed)).isEmpty();
      try (Database.Batch batch = db.batch()) {
        contacts.stageAddIfAbsent(batch, List.of(last, removed), 2);
        batch.commit(true);
      }
      assertThat(contacts.all()).extracting(c -> Ed25519PublicKey.fromBytes(c.getPeer().toByteArray()))
          .containsExactly(first, last, removed);
      assertThat(contacts.get(removed)).map(ContactRecord::getAddedAtMillis).as("added anew").hasValue(2L);
    }
  }

  private Ed25519PublicKey key() {
    return Ed25519PrivateKey.generate(random).publicKey();
  }
}
