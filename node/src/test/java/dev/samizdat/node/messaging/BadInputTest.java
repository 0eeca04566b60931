package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.messaging.proto.MessagingProtos.CipherFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replayed, duplicated, garbage and oversized frames and envelopes: each refused or recognised, the node serving on. */
class BadInputTest {
  @TempDir
  Path directory;
  TestNetwork net;
  TestNetwork.Node alice;
  TestNetwork.Node bob;
  List<TestNetwork.Node> mailboxes;
  final List<byte[]> capturedRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void network() {
    net = new TestNetwork(directory);
    mailboxes = net.mailboxNodes(3);
    alice = net.node("alice");
    bob = net.node("bob");
    captureBobsDirectRequests();
  }

  private void captureBobsDirectRequests() {
    net.network.register(bob.peer, Map.of(
        DeliveryProtocol.PROTOCOL_ID, (remote, request) -> {
          capturedRequests.add(request);
          return bob.messaging.handleDirect(remote, request);
        },
        MailboxProtocol.PROTOCOL_ID, (remote, request) -> bob.messaging.handleMailbox(remote, request)));
  }

  @AfterEach
  void close() {
    net.close();
  }

  private DeliveryResult offer(byte[] frame) {
    return offer(alice.peer, DeliveryProtocol.encodeRequest(List.of(frame))).get(0);
  }

  private List<DeliveryResult> offer(PeerId from, byte[] request) {
    byte[] answer = bob.messaging.handleDirect(from, request);
    return DeliveryProtocol.decodeResponse(answer, DeliveryProtocol.decodeRequest(request).size());
  }

  private byte[] firstCapturedFrame() {
    return DeliveryProtocol.decodeRequest(capturedRequests.get(0)).get(0);
  }

  @Test
  void aMessageArrivingDirectlyViaMailboxesAndReplayedIsShownOnce() {
    alice.send(bob, "once");
    net.run();
    assertThat(capturedRequests).hasSize(1);
    byte[] request = capturedRequests.get(0);

    assertThat(offer(alice.peer, request)).containsExactly(new DeliveryResult.Duplicate());
    byte[] envelope = SealedEnvelope.seal(alice.identity, bob.identity.publicKey(), firstCapturedFrame(), net.random)
        .encode();
    for (TestNetwork.Node mailbox : mailboxes) {
      mailbox.messaging.handleMailbox(alice.peer, MailboxProtocol.encodeRequest(new MailboxProtocol.Deposit(envelope)));
    }
    assertThat(bob.messaging.collectMailboxes().join()).isZero();
    bob.restart();
    captureBobsDirectRequests();
    assertThat(offer(alice.peer, request)).containsExactly(new DeliveryResult.Duplicate());
    net.run();

    assertThat(bob.received).extracting(MessageView::body).containsExactly("once");
    assertThat(bob.messaging.inbox(InboxFilter.all())).hasSize(1);
    alice.send(bob, "twice");
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("once", "twice");
  }

  @Test
  void aMessageTheUserDeletedStaysDeletedWhenReplayed() {
    alice.send(bob, "said once");
    net.run();
    assertThat(bob.messaging.deleteHistory(alice.peer).messages()).isEqualTo(1);

    assertThat(offer(alice.peer, capturedRequests.get(0))).containsExactly(new DeliveryResult.Duplicate());
    assertThat(bob.historyBodies(alice)).isEmpty();
    assertThat(bob.received).hasSize(1);
  }

  @Test
  void garbageAndOversizedRequestsGetAClearRefusalAndTheNodeKeepsServing() {
    assertThatThrownBy(() -> offer(alice.peer, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00}))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("not a DeliverRequest");
    assertThatThrownBy(() -> offer(alice.peer, new byte[0]))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("0 frames");
    assertThatThrownBy(() -> offer(new byte[MessagingLimits.MAX_FRAME_BYTES + 1]))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("outside 1..");
    List<byte[]> tooMany = java.util.Collections.nCopies(MessagingLimits.MAX_FRAMES_PER_REQUEST + 1, new byte[] {1});
    assertThatThrownBy(() -> offer(alice.peer, DeliveryProtocol.encodeRequest(tooMany)))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("65 frames");
    assertThat(offer(new byte[300]))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> assertThat(r.reason()).contains("bad frame"));

    // Over a stream, a request above the limit resets it before anything is allocated.
    var channel = net.network.channelFor(alice.peer);
    var reset = channel.request(bob.peer, DeliveryProtocol.PROTOCOL_ID,
        new byte[MessagingLimits.MAX_DELIVER_REQUEST_BYTES + 1], DeliveryProtocol.MAX_RESPONSE_BYTES);
    assertThat(reset).isCompletedExceptionally();
    assertThat(reset.handle((v, e) -> e).join()).hasMessageContaining("exceeds the limit");

    MessageId id = alice.send(bob, "still served");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void junkTamperedAndReplayedFramesAreRefused() {
    assertThat(offer(new byte[] {1, 2, 3})).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("CipherFrame"));

    byte[] unknownSession = CipherFrame.newBuilder().setSessionId(ByteString.copyFrom(new byte[16]))
        .setRatchetMessage(ByteString.copyFrom(new byte[80])).build().toByteArray();
    assertThat(offer(unknownSession)).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("unknown session"));

    alice.send(bob, "genuine");
    net.run();
    byte[] frame = firstCapturedFrame();
    // Alice's first frame carries her PQXDH header: Mallory replaying it on his own connection is
    // refused, because the header names Alice, not the authenticated sender.
    PeerId mallory = PeerId.fromPublicKey(Ed25519PrivateKey.generate(net.random).publicKey());
    assertThat(offer(mallory, DeliveryProtocol.encodeRequest(List.of(frame)))).singleElement()
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> assertThat(r.reason()).contains("another identity"));
    // A tampered copy of a delivered message: its number is spent, so the ratchet answers before
    // even authenticating it; either way nothing new is stored.
    frame[frame.length - 1] ^= 1;
    assertThat(offer(frame)).isNotInstanceOf(DeliveryResult.Accepted.class);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("genuine");
    assertThat(bob.messaging.contacts()).extracting(Contact::peer).containsExactly(alice.peer);
  }

  @Test
  void eachFrameOfARequestGetsItsOwnAnswerInOrder() {
    for (int i = 0; i < 3; i++) {
      alice.send(bob, "m" + i);
    }
    net.run();
    List<byte[]> delivered = capturedRequests.stream().flatMap(r -> DeliveryProtocol.decodeRequest(r).stream()).toList();
    assertThat(delivered).hasSize(3);
    byte[] unknownSession = CipherFrame.newBuilder().setSessionId(ByteString.copyFrom(new byte[16]))
        .setRatchetMessage(ByteString.copyFrom(new byte[80])).build().toByteArray();
    List<DeliveryResult> answers = offer(alice.peer, DeliveryProtocol.encodeRequest(
        List.of(delivered.get(2), new byte[] {1, 2, 3}, delivered.get(0), unknownSession, delivered.get(1))));
    assertThat(answers).hasSize(5);
    assertThat(answers.get(0)).isInstanceOf(DeliveryResult.Duplicate.class);
    assertThat(answers.get(1)).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(answers.get(2)).isInstanceOf(DeliveryResult.Duplicate.class);
    assertThat(answers.get(3)).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(answers.get(4)).isInstanceOf(DeliveryResult.Duplicate.class);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("m0", "m1", "m2");
  }

  @Test
  void aForgedOrMisaddressedMailboxEnvelopeIsRefused() {
    Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(net.random);
    byte[] junk = SealedEnvelope.seal(mallory, bob.identity.publicKey(), new byte[] {1, 2, 3}, net.random).encode();
    byte[] forAlice = SealedEnvelope.seal(mallory, alice.identity.publicKey(), new byte[] {1, 2, 3}, net.random).encode();
    for (TestNetwork.Node mailbox : mailboxes) {
      for (byte[] envelope : List.of(junk, forAlice)) {
        mailbox.messaging.handleMailbox(alice.peer, MailboxProtocol.encodeRequest(new MailboxProtocol.Deposit(envelope)));
      }
    }
    assertThat(bob.messaging.collectMailboxes().join()).isZero();
    assertThat(bob.received).isEmpty();
    MessageId id = alice.send(bob, "fine");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void aMailboxThatCannotDecodeARequestResetsTheStream() {
    var channel = net.network.channelFor(alice.peer);
    var answer = channel.request(mailboxes.get(0).peer, MailboxProtocol.PROTOCOL_ID, new byte[] {(byte) 0xFF, 0x00},
        1024);
    assertThat(answer.handle((v, e) -> e).join()).isNotNull().hasMessageContaining("stream reset");
    MessageId id = alice.send(bob, "fine");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }
}
