package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Receipt;
import dev.samizdat.node.messaging.proto.MessagingProtos.Text;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content that decrypts but that no samizdat node would write: a peer that forges it on a real session
 * gets a refusal, and nothing of it changes the recipient's state.
 */
class ForgedContentTest {
  @TempDir
  Path directory;
  TestNetwork net;
  TestNetwork.Node alice;
  TestNetwork.Node bob;

  @BeforeEach
  void network() {
    net = new TestNetwork(directory);
    alice = net.node("alice");
    bob = net.node("bob");
  }

  @AfterEach
  void close() {
    net.close();
  }

  /** What Bob answers to {@code content}, sent by Alice as the first message of a new session. */
  private DeliveryResult offerOnNewSession(Content content) {
    return offerOnNewSession(alice, bob, content);
  }

  private DeliveryResult offerOnNewSession(TestNetwork.Node from, TestNetwork.Node to, Content content) {
    return from.offerOnNewSession(to, net.publishedBundle(to), content.toByteArray(), false);
  }

  private static Content text(Text.Builder text) {
    return Content.newBuilder().setMessageId(ByteString.copyFrom(new byte[MessageId.LENGTH]))
        .setText(text.setBody("hello").setSentAtMillis(1).setSequence(1)).build();
  }

  @Test
  void aTimerOrTimerVersionAbove2To31IsRefusedNotReadAsNegative() {
    assertThat(offerOnNewSession(text(Text.newBuilder().setDisappearAfterSeconds(0x8000_0000))))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class,
            r -> assertThat(r.reason()).startsWith("disappearing timer above"));
    assertThat(offerOnNewSession(text(Text.newBuilder().setDisappearAfterSeconds(60).setDisappearTimerVersion(-1))))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo("disappearing timer version 4294967295 out of range"));

    assertThat(bob.messaging.disappearingTimer(alice.peer)).isEqualTo(Duration.ZERO);
    assertThat(bob.received).isEmpty();
    assertThat(offerOnNewSession(text(Text.newBuilder().setDisappearAfterSeconds(60).setDisappearTimerVersion(1))))
        .isEqualTo(new DeliveryResult.Accepted());
    assertThat(bob.messaging.disappearingTimer(alice.peer)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aReceiptWithOneMalformedIdChangesNothing() {
    MessageId sent = alice.send(bob, "hi");
    net.run();
    assertThat(alice.stateOf(sent)).isEqualTo(MessageState.DELIVERED);
    alice.events.clear();

    Content receipt = Content.newBuilder().setMessageId(ByteString.copyFrom(new byte[MessageId.LENGTH]))
        .setReceipt(Receipt.newBuilder().setKind(Receipt.Kind.READ)
            .addMessageIds(ByteString.copyFrom(sent.toBytes())).addMessageIds(ByteString.copyFrom(new byte[3])))
        .build();
    assertThat(offerOnNewSession(bob, alice, receipt)).isInstanceOf(DeliveryResult.Rejected.class);

    assertThat(alice.stateOf(sent)).isEqualTo(MessageState.DELIVERED);
    assertThat(alice.events).isEmpty();
  }
}
