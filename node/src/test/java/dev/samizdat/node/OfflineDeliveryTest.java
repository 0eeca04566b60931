package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import dev.samizdat.node.messaging.Messaging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bob offline: Alice's messages wait in the mailboxes of the other nodes until Bob collects them. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class OfflineDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path root;

  @Test
  void fiftyMessagesToAnOfflinePeerArriveOnceEachAndInOrder() {
    try (TestNodes nodes = new TestNodes(root)) {
      Node bootstrap = nodes.start("bootstrap", List.of());
      Node helper = nodes.start("helper", bootstrap.listenAddresses());
      Node alice = nodes.start("alice", bootstrap.listenAddresses());
      Node bob = nodes.start("bob", bootstrap.listenAddresses());
      var bobId = bob.peerId();
      int bobPort = TestNodes.port(bob);
      nodes.stop(bob);

      List<MessageId> sent = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sent.add(alice.messaging().send(bobId, "message " + i));
      }
      TestNodes.await("all 50 in mailboxes", WAIT, () -> sent.stream().allMatch(id ->
          alice.messaging().message(id).orElseThrow().state() == MessageState.SENT_TO_MAILBOX));
      assertThat(alice.messaging().outboxCounts()).isEqualTo(new Messaging.OutboxCounts(0, 50, 0));

      Node bobAgain = nodes.start("bob", bobPort, bootstrap.listenAddresses());
      TestNodes.await("bob collects", WAIT, () -> inbox(bobAgain).size() >= 50);
      List<String> history = bobAgain.messaging().history(alice.peerId()).stream().map(MessageView::body).toList();
      assertThat(history).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "message " + i).toList());
      TestNodes.await("delivery receipts", WAIT, () -> sent.stream().allMatch(id ->
          alice.messaging().message(id).orElseThrow().state() == MessageState.DELIVERED));
      TestNodes.await("outbox emptied", WAIT,
          () -> alice.messaging().outboxCounts().equals(new Messaging.OutboxCounts(0, 0, 0)));

      bobAgain.messaging().collectMailboxes().join();
      assertThat(inbox(bobAgain)).hasSize(50);
      assertThat(helper.messaging().mailboxBytesHeld() + bootstrap.messaging().mailboxBytesHeld())
          .as("collected envelopes are deleted from the mailboxes").isZero();
    }
  }

  private static List<MessageView> inbox(Node node) {
    return node.messaging().inbox(InboxFilter.all().limit(1000));
  }
}
