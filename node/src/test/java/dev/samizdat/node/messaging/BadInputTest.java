package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.envelope.SealedEnvelope;
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

/** Replayed, duplicated, garbage and oversized envelopes: each refused or recognised, the node serving on. */
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

  private DeliveryResult offer(byte[] request) {
    return DeliveryProtocol.decodeResponse(bob.messaging.handleDirect(alice.peer, request));
  }

  @Test
  void aMessageArrivingDirectlyViaMailboxesAndReplayedIsShownOnce() {
    alice.send(bob, "once");
    net.run();
    assertThat(capturedRequests).hasSize(1);
    byte[] request = capturedRequests.get(0);

    assertThat(offer(request)).isInstanceOf(DeliveryResult.Duplicate.class);
    byte[] envelope = DeliveryProtocol.decodeRequest(request);
    for (TestNetwork.Node mailbox : mailboxes) {
      mailbox.messaging.handleMailbox(alice.peer, MailboxProtocol.encodeRequest(new MailboxProtocol.Deposit(envelope)));
    }
    assertThat(bob.messaging.collectMailboxes().join()).isZero();
    bob.restart();
    captureBobsDirectRequests();
    assertThat(offer(request)).isInstanceOf(DeliveryResult.Duplicate.class);
    net.run();

    assertThat(bob.received).extracting(MessageView::body).containsExactly("once");
    assertThat(bob.messaging.inbox(InboxFilter.all())).hasSize(1);
    alice.send(bob, "twice");
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("once", "twice");
  }

  @Test
  void garbageAndOversizedRequestsGetAClearRefusalAndTheNodeKeepsServing() {
    DeliveryResult garbage = offer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00});
    assertThat(garbage).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("not a DeliverRequest"));
    assertThat(offer(new byte[0])).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("no envelope"));
    assertThat(offer(DeliveryProtocol.encodeRequest(new byte[MessagingLimits.MAX_ENVELOPE_BYTES + 1])))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> assertThat(r.reason()).contains("exceeds"));
    assertThat(offer(DeliveryProtocol.encodeRequest(new byte[300])))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> assertThat(r.reason()).contains("bad envelope"));

    // Over a stream, a frame above the request limit resets it before anything is allocated.
    var channel = net.network.channelFor(alice.peer);
    var reset = channel.request(bob.peer, DeliveryProtocol.PROTOCOL_ID,
        new byte[MessagingLimits.MAX_REQUEST_FRAME_BYTES + 1], DeliveryProtocol.MAX_RESPONSE_BYTES);
    assertThat(reset).isCompletedExceptionally();
    assertThat(reset.handle((v, e) -> e).join()).hasMessageContaining("exceeds the limit");

    MessageId id = alice.send(bob, "still served");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void forgedTamperedAndMisaddressedEnvelopesAreRefused() {
    Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(net.random);
    byte[] junkInside = SealedEnvelope.seal(mallory, bob.identity.publicKey(), new byte[] {1, 2, 3}, net.random).encode();
    assertThat(offer(DeliveryProtocol.encodeRequest(junkInside))).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("CipherFrame"));

    byte[] unknownSession = CipherFrame.newBuilder().setSessionId(ByteString.copyFrom(new byte[16]))
        .setRatchetMessage(ByteString.copyFrom(new byte[80])).build().toByteArray();
    byte[] sealed = SealedEnvelope.seal(mallory, bob.identity.publicKey(), unknownSession, net.random).encode();
    assertThat(offer(DeliveryProtocol.encodeRequest(sealed))).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("unknown session"));

    byte[] forAlice = SealedEnvelope.seal(mallory, alice.identity.publicKey(), unknownSession, net.random).encode();
    assertThat(offer(DeliveryProtocol.encodeRequest(forAlice))).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).contains("another identity"));

    alice.send(bob, "genuine");
    net.run();
    byte[] envelope = DeliveryProtocol.decodeRequest(capturedRequests.get(0));
    envelope[envelope.length - 1] ^= 1;
    assertThat(offer(DeliveryProtocol.encodeRequest(envelope))).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("genuine");
    assertThat(bob.messaging.contacts()).extracting(Contact::peer).containsExactly(alice.peer);
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
