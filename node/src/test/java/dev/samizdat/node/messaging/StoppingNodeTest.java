package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.messaging.net.OwnerProof;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that is stopping takes nothing, and refuses nothing for good: what it did not take comes later. */
class StoppingNodeTest {
  @TempDir
  Path directory;
  TestNetwork net;
  TestNetwork.Node alice;
  TestNetwork.Node bob;
  List<TestNetwork.Node> mailboxes;

  @BeforeEach
  void network() {
    net = new TestNetwork(directory);
    mailboxes = net.mailboxNodes(3);
    alice = net.node("alice");
    bob = net.node("bob");
  }

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void aMessageSentToANodeThatIsStoppingGoesToItsMailboxesNotToFailed() {
    alice.send(bob, "before");
    net.run();
    bob.messaging.close(); // still reachable: its host stops after its messaging

    MessageId id = alice.send(bob, "while it stops");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.SENT_TO_MAILBOX);
    byte[] request = DeliveryProtocol.encodeRequest(List.of(new byte[] {1}));
    assertThat(DeliveryProtocol.decodeResponse(bob.messaging.handleDirect(alice.peer, request), 1))
        .singleElement().isInstanceOfSatisfying(DeliveryResult.Unavailable.class,
            r -> assertThat(r.reason()).isEqualTo("this node is shutting down"));

    bob.restart();
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("before", "while it stops");
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void aNodeThatIsStartingAnswersTryLaterAndTheSenderComesBackSoonInsteadOfAfterItsBackoff() {
    alice.send(bob, "before");
    net.run();
    bob.stop();
    // Nor do its mailboxes take it: what reaches Bob comes from Alice directly.
    mailboxes.forEach(mailbox -> net.network.setOnline(mailbox.peer, false));
    MessageId id = alice.send(bob, "while it was away");
    net.scheduler.advance(Duration.ofHours(1)); // retries ever more rarely: the next is far off
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.QUEUED);

    bob.open(); // reachable, its services not up yet
    alice.messaging.peerConnected(bob.peer);
    net.run();
    byte[] request = DeliveryProtocol.encodeRequest(List.of(new byte[] {1}));
    assertThat(DeliveryProtocol.decodeResponse(bob.messaging.handleDirect(alice.peer, request), 1))
        .singleElement().isInstanceOfSatisfying(DeliveryResult.Unavailable.class,
            r -> assertThat(r.reason()).isEqualTo("this node is starting"));
    assertThat(bob.historyBodies(alice)).containsExactly("before");

    bob.messaging.start();
    net.scheduler.advance(MessagingLimits.FIRST_RETRY);
    assertThat(bob.historyBodies(alice)).containsExactly("before", "while it was away");
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void envelopesFetchedWhileTheNodeStopsStayInTheMailboxUntilItIsBack() {
    alice.send(bob, "first");
    net.run();
    net.network.register(bob.peer, Map.of(DeliveryProtocol.PROTOCOL_ID, (remote, request) ->
        DeliveryProtocol.encodeResponse(List.of(new DeliveryResult.Unavailable("not now")))));
    MessageId id = alice.send(bob, "left in a mailbox");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.SENT_TO_MAILBOX);
    int held = envelopesHeldForBob();
    assertThat(held).isPositive();

    for (TestNetwork.Node mailbox : mailboxes) {
      // Bob's messaging stops as a mailbox hands him his envelopes, as a shutdown during a collection would.
      net.network.register(mailbox.peer, Map.of(MailboxProtocol.PROTOCOL_ID, (remote, request) -> {
        byte[] answer = mailbox.messaging.handleMailbox(remote, request);
        if (MailboxProtocol.decodeRequest(request) instanceof MailboxProtocol.Fetch) {
          bob.messaging.close();
        }
        return answer;
      }));
    }
    bob.messaging.collectMailboxes().join();
    assertThat(envelopesHeldForBob()).isEqualTo(held);

    mailboxes.forEach(mailbox -> net.network.attach(mailbox.messaging));
    bob.restart();
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("first", "left in a mailbox");
  }

  private int envelopesHeldForBob() {
    int held = 0;
    for (TestNetwork.Node mailbox : mailboxes) {
      OwnerProof proof = OwnerProof.sign(bob.identity, mailbox.peer, OwnerProof.Operation.FETCH, List.of(),
          net.scheduler.clock.millis(), net.random);
      byte[] answer = mailbox.messaging.handleMailbox(bob.peer,
          MailboxProtocol.encodeRequest(new MailboxProtocol.Fetch(proof)));
      held += MailboxProtocol.decodeResponse(answer).envelopes().size();
    }
    return held;
  }
}
