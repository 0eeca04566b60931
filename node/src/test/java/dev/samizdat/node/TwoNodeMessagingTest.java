package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes on loopback, real RocksDB and sockets, talking directly through the DHT they form. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoNodeMessagingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;

  @Test
  void messagesFlowBothWaysWithDeliveryAndReadReceipts() {
    try (TestNodes nodes = new TestNodes(root)) {
      Node alice = nodes.start("alice", List.of());
      Node bob = nodes.start("bob", alice.listenAddresses());

      MessageId hello = alice.messaging().send(bob.peerId(), "hello bob");
      TestNodes.await("bob receives", WAIT, () -> !inbox(bob).isEmpty());
      assertThat(inbox(bob)).extracting(MessageView::body).containsExactly("hello bob");
      TestNodes.await("delivered", WAIT, () -> state(alice, hello) == MessageState.DELIVERED);

      bob.messaging().send(alice.peerId(), "hi alice");
      TestNodes.await("alice receives", WAIT, () -> !inbox(alice).isEmpty());
      assertThat(inbox(alice)).extracting(MessageView::body).containsExactly("hi alice");

      assertThat(bob.messaging().unreadCount(alice.peerId())).isEqualTo(1);
      assertThat(bob.messaging().markRead(alice.peerId())).isEqualTo(1);
      assertThat(bob.messaging().unreadCount(alice.peerId())).isZero();
      assertThat(bob.messaging().markRead(alice.peerId())).isZero();
      TestNodes.await("read receipt", WAIT, () -> state(alice, hello) == MessageState.READ);
      assertThat(alice.messaging().unreadCount(bob.peerId())).isEqualTo(1);
      assertThat(alice.messaging().history(bob.peerId())).extracting(MessageView::body)
          .containsExactly("hello bob", "hi alice");
    }
  }

  @Test
  void restartingEitherNodeKeepsTheSessionAndTheHistory() {
    try (TestNodes nodes = new TestNodes(root)) {
      Node alice = nodes.start("alice", List.of());
      Node bob = nodes.start("bob", alice.listenAddresses());
      alice.messaging().send(bob.peerId(), "one");
      TestNodes.await("one", WAIT, () -> inbox(bob).size() == 1);

      int bobPort = TestNodes.port(bob);
      nodes.stop(bob);
      Node bob2 = nodes.start("bob", bobPort, alice.listenAddresses());
      assertThat(bob2.messaging().history(alice.peerId())).extracting(MessageView::body).containsExactly("one");
      bob2.messaging().send(alice.peerId(), "two");
      TestNodes.await("two", WAIT, () -> inbox(alice).size() == 1);

      int alicePort = TestNodes.port(alice);
      nodes.stop(alice);
      Node alice2 = nodes.start("alice", alicePort, bob2.listenAddresses());
      alice2.messaging().send(bob2.peerId(), "three");
      TestNodes.await("three", WAIT, () -> inbox(bob2).size() == 2);
      assertThat(alice2.messaging().history(bob2.peerId())).extracting(MessageView::body)
          .containsExactly("one", "two", "three");
      assertThat(bob2.messaging().history(alice2.peerId())).extracting(MessageView::body)
          .containsExactly("one", "two", "three");
    }
  }

  private static List<MessageView> inbox(Node node) {
    return node.messaging().inbox(InboxFilter.all());
  }

  private static MessageState state(Node node, MessageId id) {
    return node.messaging().message(id).orElseThrow().state();
  }
}
