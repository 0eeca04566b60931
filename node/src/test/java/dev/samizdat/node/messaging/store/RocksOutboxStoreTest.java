package dev.samizdat.node.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.OutboxEntry;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksOutboxStoreTest {
  private static final ByteString ALICE = peer(1);
  private static final ByteString BOB = peer(2);
  private static final ByteString CAROL = peer(3);

  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void eachPeersEntriesAreFoundInQueueOrderAmongOtherPeersEntries() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksOutboxStore outbox = new RocksOutboxStore(db);
      long bob1 = put(db, outbox, entry(BOB, 1, 100, false));
      put(db, outbox, entry(ALICE, 2, 50, true));
      long bob2 = put(db, outbox, entry(BOB, 3, 300, true));
      long bob3 = put(db, outbox, entry(BOB, 4, 200, false));

      assertThat(outbox.peers()).containsExactly(BOB, ALICE);
      assertThat(outbox.dueForPeer(BOB, 250, 10)).extracting(RocksOutboxStore.Positioned::position)
          .containsExactly(bob1, bob3);
      assertThat(outbox.dueForPeer(BOB, 1_000, 2)).extracting(RocksOutboxStore.Positioned::position)
          .containsExactly(bob1, bob2);
      assertThat(outbox.dueForPeer(CAROL, 1_000, 10)).isEmpty();
      assertThat(outbox.nextAttempt(BOB)).hasValue(100);
      assertThat(outbox.nextAttempt(CAROL)).isEmpty();
      assertThat(outbox.forMessage(id(3))).extracting(RocksOutboxStore.Positioned::position).containsExactly(bob2);
      assertThat(outbox.forMessage(id(9))).isEmpty();
    }
  }

  @Test
  void whetherAPeerHasEntriesLeftToEncryptFollowsPutsRewritesAndDeletes() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksOutboxStore outbox = new RocksOutboxStore(db);
      long first = put(db, outbox, entry(BOB, 1, 0, false));
      long second = put(db, outbox, entry(BOB, 2, 0, false));
      put(db, outbox, entry(ALICE, 3, 0, true));
      assertThat(outbox.hasUnencrypted(BOB)).isTrue();
      assertThat(outbox.hasUnencrypted(ALICE)).isFalse();

      commit(db, batch -> outbox.stagePut(batch, first, entry(BOB, 1, 0, true)));
      assertThat(outbox.hasUnencrypted(BOB)).isTrue();
      commit(db, batch -> outbox.stageDelete(batch, second));
      assertThat(outbox.hasUnencrypted(BOB)).isFalse();
      assertThat(outbox.forMessage(id(2))).isEmpty();

      commit(db, batch -> outbox.stageDelete(batch, first));
      assertThat(outbox.peers()).containsExactly(ALICE);
      assertThat(outbox.nextAttempt(BOB)).isEmpty();
    }
  }

  @Test
  void theIndexIsRebuiltFromTheStoreOnOpen() {
    long bob;
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksOutboxStore outbox = new RocksOutboxStore(db);
      put(db, outbox, entry(ALICE, 1, 0, true));
      bob = put(db, outbox, entry(BOB, 2, 0, false));
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksOutboxStore outbox = new RocksOutboxStore(db);
      assertThat(outbox.peers()).containsExactly(ALICE, BOB);
      assertThat(outbox.hasUnencrypted(BOB)).isTrue();
      assertThat(outbox.forMessage(id(2))).extracting(RocksOutboxStore.Positioned::position).containsExactly(bob);
      assertThat(outbox.nextPosition()).isEqualTo(bob + 1);
    }
  }

  private static long put(Database db, RocksOutboxStore outbox, OutboxEntry entry) {
    long position = outbox.nextPosition();
    commit(db, batch -> outbox.stagePut(batch, position, entry));
    return position;
  }

  private static void commit(Database db, Consumer<Database.Batch> stage) {
    try (Database.Batch batch = db.batch()) {
      stage.accept(batch);
      batch.commit(true);
    }
  }

  private static OutboxEntry entry(ByteString peer, int message, long nextAttemptAtMillis, boolean encrypted) {
    OutboxEntry.Builder entry = OutboxEntry.newBuilder().setPeer(peer).setMessageId(id(message))
        .setNextAttemptAtMillis(nextAttemptAtMillis);
    return encrypted ? entry.setFrame(ByteString.copyFromUtf8("sealed")).build() : entry.build();
  }

  private static ByteString peer(int n) {
    byte[] key = new byte[32];
    key[0] = (byte) n;
    return ByteString.copyFrom(key);
  }

  private static ByteString id(int n) {
    byte[] id = new byte[16];
    id[15] = (byte) n;
    return ByteString.copyFrom(id);
  }
}
