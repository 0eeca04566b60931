package dev.samizdat.node.messaging.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.ProtocolViolationException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
  final SecureRandom random = new SecureRandom();

  @Test
  void deliveryRequestsAndAnswersRoundTrip() {
    List<byte[]> frames = List.of(new byte[] {1, 2, 3, 4}, new byte[] {5});
    assertThat(DeliveryProtocol.decodeRequest(DeliveryProtocol.encodeRequest(frames)))
        .containsExactly(frames.get(0), frames.get(1));
    List<DeliveryResult> results = List.of(new DeliveryResult.Accepted(), new DeliveryResult.Duplicate(),
        new DeliveryResult.Rejected("x".repeat(500)));
    List<DeliveryResult> decoded = DeliveryProtocol.decodeResponse(DeliveryProtocol.encodeResponse(results), 3);
    assertThat(decoded.subList(0, 2)).containsExactly(new DeliveryResult.Accepted(), new DeliveryResult.Duplicate());
    assertThat(decoded.get(2)).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
        r -> assertThat(r.reason()).hasSize(200));
    assertThatThrownBy(() -> DeliveryProtocol.decodeResponse(DeliveryProtocol.encodeResponse(results), 2))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("3 results for 2 frames");
    List<DeliveryResult> retried = List.of(new DeliveryResult.SessionStartRefused("prekey 7 is used"),
        new DeliveryResult.Unavailable("this node is shutting down"));
    assertThat(DeliveryProtocol.decodeResponse(DeliveryProtocol.encodeResponse(retried), 2)).isEqualTo(retried);
    assertThatThrownBy(() -> DeliveryProtocol.decodeResponse(new byte[] {10, 0}, 1))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("without status");
    // A status from a later version: that frame is offered again, the others keep their answers.
    assertThat(DeliveryProtocol.decodeResponse(new byte[] {10, 2, 8, 1, 10, 2, 8, 42}, 2)).containsExactly(
        new DeliveryResult.Accepted(), new DeliveryResult.Unavailable("answered with status 42, which this version does not know"));
  }

  @Test
  void theLargestAnswerFitsItsLimit() {
    List<DeliveryResult> worst = Collections.nCopies(MessagingLimits.MAX_FRAMES_PER_REQUEST,
        new DeliveryResult.Rejected("\uD83D\uDE00".repeat(200)));
    assertThat(DeliveryProtocol.encodeResponse(worst)).hasSizeLessThanOrEqualTo(DeliveryProtocol.MAX_RESPONSE_BYTES);
  }

  @Test
  void aRequestTakesFramesUpToItsCountAndByteLimitsAndAlwaysOne() {
    assertThat(DeliveryProtocol.framesThatFit(Collections.nCopies(100, 1000)))
        .isEqualTo(MessagingLimits.MAX_FRAMES_PER_REQUEST);
    int large = MessagingLimits.MAX_FRAME_BYTES;
    int fit = DeliveryProtocol.framesThatFit(Collections.nCopies(40, large));
    assertThat(fit).isBetween(2, 39);
    byte[] request = DeliveryProtocol.encodeRequest(Collections.nCopies(fit, new byte[large]));
    assertThat(request.length).isLessThanOrEqualTo(MessagingLimits.MAX_DELIVER_REQUEST_BYTES);
    assertThat(DeliveryProtocol.decodeRequest(request)).hasSize(fit);
    assertThat(DeliveryProtocol.framesThatFit(List.of(MessagingLimits.MAX_DELIVER_REQUEST_BYTES * 2))).isEqualTo(1);
  }

  @Test
  void mailboxRequestsRoundTripWithTheirProofs() {
    Ed25519PrivateKey owner = Ed25519PrivateKey.generate(random);
    PeerId node = PeerId.fromPublicKey(Ed25519PrivateKey.generate(random).publicKey());
    List<EnvelopeId> ids = List.of(EnvelopeId.of(new byte[] {1}), EnvelopeId.of(new byte[] {2}));
    OwnerProof proof = OwnerProof.sign(owner, node, OwnerProof.Operation.DELETE, ids, 1234, random);
    var decoded = (MailboxProtocol.Delete) MailboxProtocol.decodeRequest(
        MailboxProtocol.encodeRequest(new MailboxProtocol.Delete(proof, ids)));
    assertThat(decoded.ids()).isEqualTo(ids);
    assertThat(decoded.proof().verifies(OwnerProof.Operation.DELETE, node, ids)).isTrue();
    assertThat(decoded.proof().verifies(OwnerProof.Operation.DELETE, node, ids.subList(0, 1))).isFalse();
    assertThat(decoded.proof().verifies(OwnerProof.Operation.FETCH, node, ids)).isFalse();

    var stored = new MailboxResult(MailboxResult.Status.OK, "", List.of(new MailboxResult.Stored(ids.get(0), new byte[] {9})),
        true);
    MailboxResult back = MailboxProtocol.decodeResponse(MailboxProtocol.encodeResponse(stored));
    assertThat(back.more()).isTrue();
    assertThat(back.envelopes().get(0).envelope()).containsExactly(9);
  }

  @Test
  void deletesNamingTooManyEnvelopesAreRefused() {
    Ed25519PrivateKey owner = Ed25519PrivateKey.generate(random);
    PeerId node = PeerId.fromPublicKey(owner.publicKey());
    List<EnvelopeId> ids = Collections.nCopies(MessagingLimits.MAX_DELETE_IDS + 1, EnvelopeId.of(new byte[] {1}));
    OwnerProof proof = OwnerProof.sign(owner, node, OwnerProof.Operation.DELETE, ids, 0, random);
    byte[] request = MailboxProtocol.encodeRequest(new MailboxProtocol.Delete(proof, ids));
    assertThatThrownBy(() -> MailboxProtocol.decodeRequest(request)).hasMessageContaining("more than 64");
    assertThatThrownBy(() -> MailboxProtocol.decodeRequest(new byte[0])).hasMessageContaining("no operation");
  }
}
