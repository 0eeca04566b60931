package dev.samizdat.node.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MessageLocation;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
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
}
