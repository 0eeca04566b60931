package dev.samizdat.node.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksMessageStoreTest {
  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void anOutgoingMessagesLocationFollowsFromTheMessageAloneUntilItIsDeleted() {
    MessageId id = MessageId.random(random);
    ByteString peer = ByteString.copyFrom(new byte[32]);
    StoredMessage sent = StoredMessage.newBuilder().setMessageId(ByteString.copyFrom(id.toBytes())).setPeer(peer)
        .setOutgoing(true).setBody("hello").setSentAtMillis(1_700_000_000_000L).setReceivedAtMillis(1_700_000_000_000L)
        .setSequence(42).setState(StoredState.QUEUED).setExpiresAtMillis(1_700_000_060_000L).build();
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksMessageStore messages = new RocksMessageStore(db);
      try (Database.Batch batch = db.batch()) {
        messages.stageInsert(batch, sent);
        batch.commit(true);
      }

      MessageLocation computed = RocksMessageStore.outgoingLocation(peer, 42, 1_700_000_000_000L, id);
      MessageLocation stored = messages.location(id).orElseThrow();
      assertThat(computed.getPeer()).isEqualTo(stored.getPeer());
      assertThat(computed.getHistorySuffix()).isEqualTo(stored.getHistorySuffix());
      assertThat(messages.at(computed)).contains(sent);

      try (Database.Batch batch = db.batch()) {
        messages.stageDelete(batch, id, stored);
        batch.commit(true);
      }
      assertThat(messages.at(computed)).isEmpty();
    }
  }

  @Test
  void unreadAndFailedMessagesAreCountedWithoutReadingTheHistoryAndRebuiltForAnOlderDatabase() {
    Ed25519PublicKey aliceKey = Ed25519PrivateKey.generate(random).publicKey();
    Ed25519PublicKey bobPublic = Ed25519PrivateKey.generate(random).publicKey();
    ByteString alice = ByteString.copyFrom(aliceKey.toBytes());
    byte[] bobKey = bobPublic.toBytes();
    ByteString bob = ByteString.copyFrom(bobKey);
    List<StoredMessage> fromAlice = new ArrayList<>();
    StoredMessage sentToBob = incoming(bob, 2).toBuilder().setOutgoing(true).setState(StoredState.QUEUED).build();
    MessageId sentToBobId = MessageId.fromBytes(sentToBob.getMessageId().toByteArray());
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksMessageStore messages = new RocksMessageStore(db);
      try (Database.Batch batch = db.batch()) {
        // more than one page of a scan
        for (int i = 0; i < 300; i++) {
          StoredMessage m = incoming(alice, i);
          fromAlice.add(m);
          messages.stageInsert(batch, m);
        }
        messages.stageInsert(batch, incoming(bob, 0));
        messages.stageInsert(batch, incoming(bob, 1).toBuilder().setRead(true).build());
        messages.stageInsert(batch, sentToBob);
        messages.stageInsert(batch, incoming(bob, 3).toBuilder().setOutgoing(true).setState(StoredState.QUEUED).build());
        batch.commit(true);
      }
      try (Database.Batch batch = db.batch()) {
        messages.stageUpdate(batch, messages.location(sentToBobId).orElseThrow(), sentToBob,
            sentToBob.toBuilder().setState(StoredState.FAILED).build());
        batch.commit(true);
      }
      assertThat(messages.failedCount()).isEqualTo(1);
      assertThat(messages.unreadCount(aliceKey)).isEqualTo(300);
      assertThat(messages.unreadCount(bobPublic)).isEqualTo(1);

      try (Database.Batch batch = db.batch()) {
        for (StoredMessage m : fromAlice.subList(0, 10)) {
          MessageLocation l = messages.location(MessageId.fromBytes(m.getMessageId().toByteArray())).orElseThrow();
          messages.stageUpdate(batch, l, m, m.toBuilder().setRead(true).build());
        }
        MessageId deleted = MessageId.fromBytes(fromAlice.get(10).getMessageId().toByteArray());
        messages.stageDelete(batch, deleted, messages.location(deleted).orElseThrow());
        batch.commit(true);
      }
      assertThat(messages.unreadCount(aliceKey)).isEqualTo(289);
      assertThat(messages.unread(aliceKey)).extracting(l -> messages.at(l).orElseThrow())
          .containsExactlyElementsOf(fromAlice.subList(11, 300));

      // A database of schema version 1 had neither the rows nor the mark that they were built.
      try (Database.Batch batch = db.batch()) {
        for (byte[] group : List.of(RocksMessageStore.unreadGroup(alice.toByteArray()),
            RocksMessageStore.unreadGroup(bobKey), RocksMessageStore.FAILED)) {
          db.scan(Table.MESSAGES, group, null, 1000)
              .forEach(row -> batch.delete(Table.MESSAGES, new RowKey(group, row.suffix())));
        }
        batch.delete(Table.MESSAGES, RocksMessageStore.VERSION_2_ROWS_BUILT);
        batch.commit(true);
      }
      assertThat(messages.unreadCount(aliceKey)).isZero();
      assertThat(messages.failedCount()).isZero();
      messages.addVersion2RowsIfMissing(() -> List.of(aliceKey, bobPublic));
      assertThat(messages.unreadCount(aliceKey)).isEqualTo(289);
      assertThat(messages.unreadCount(bobPublic)).isEqualTo(1);
      assertThat(messages.failedCount()).isEqualTo(1);

      try (Database.Batch batch = db.batch()) {
        messages.stageDelete(batch, sentToBobId, messages.location(sentToBobId).orElseThrow());
        batch.commit(true);
      }
      assertThat(messages.failedCount()).isZero();
    }
  }

  private StoredMessage incoming(ByteString peer, int sequence) {
    return StoredMessage.newBuilder().setMessageId(ByteString.copyFrom(MessageId.random(random).toBytes()))
        .setPeer(peer).setBody("message " + sequence).setSentAtMillis(1_700_000_000_000L + sequence)
        .setReceivedAtMillis(1_700_000_000_000L + sequence).setSequence(sequence).setState(StoredState.RECEIVED).build();
  }
}
