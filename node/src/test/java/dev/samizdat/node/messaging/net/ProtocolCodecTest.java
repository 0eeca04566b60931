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
    byte[] envelope = {1, 2, 3, 4};
    assertThat(DeliveryProtocol.decodeRequest(DeliveryProtocol.encodeRequest(envelope))).containsExactly(envelope);
    assertThat(DeliveryProtocol.decodeResponse(DeliveryProtocol.encodeResponse(new DeliveryResult.Accepted())))
        .isEqualTo(new DeliveryResult.Accepted());
    assertThat(DeliveryProtocol.decodeResponse(DeliveryProtocol.encodeResponse(new DeliveryResult.Rejected("x".repeat(500)))))
        .isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> assertThat(r.reason()).hasSize(200));
    assertThatThrownBy(() -> DeliveryProtocol.decodeResponse(new byte[0]))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("no known status");
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
