package dev.samizdat.node.messaging.net;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.ProtocolViolationException;
import dev.samizdat.node.messaging.proto.MessagingProtos;
import dev.samizdat.node.messaging.proto.MessagingProtos.MailboxRequest;
import dev.samizdat.node.messaging.proto.MessagingProtos.MailboxResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /samizdat/mailbox/1.0.0} codec (messaging.proto): deposit an envelope for a recipient,
 * or — with an {@link OwnerProof} — fetch or delete one's own. Pure: bytes in, values out.
 */
public final class MailboxProtocol {
  public static final String PROTOCOL_ID = "/samizdat/mailbox/1.0.0";

  private MailboxProtocol() {}

  /** A decoded mailbox request. */
  public sealed interface Request {}

  public record Deposit(byte[] envelope) implements Request {}

  public record Fetch(OwnerProof proof) implements Request {}

  public record Delete(OwnerProof proof, List<EnvelopeId> ids) implements Request {}

  public static byte[] encodeRequest(Request request) {
    MailboxRequest.Builder b = MailboxRequest.newBuilder();
    if (request instanceof Deposit d) {
      b.setDeposit(MessagingProtos.Deposit.newBuilder().setEnvelope(ByteString.copyFrom(d.envelope())));
    } else if (request instanceof Fetch f) {
      b.setFetch(MessagingProtos.Fetch.newBuilder().setProof(proof(f.proof())));
    } else if (request instanceof Delete d) {
      var delete = MessagingProtos.Delete.newBuilder().setProof(proof(d.proof()));
      d.ids().forEach(id -> delete.addEnvelopeIds(ByteString.copyFrom(id.toBytes())));
      b.setDelete(delete);
    }
    return b.build().toByteArray();
  }

  /** @throws ProtocolViolationException malformed, oversized, or naming too many ids */
  public static Request decodeRequest(byte[] request) {
    if (request.length > MessagingLimits.MAX_MAILBOX_REQUEST_BYTES) {
      throw new ProtocolViolationException("mailbox request of " + request.length + " bytes exceeds "
          + MessagingLimits.MAX_MAILBOX_REQUEST_BYTES);
    }
    MailboxRequest parsed;
    try {
      parsed = MailboxRequest.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("mailbox request is not a MailboxRequest: " + e.getMessage());
    }
    return switch (parsed.getOpCase()) {
      case DEPOSIT -> new Deposit(DeliveryProtocol.checkEnvelope(parsed.getDeposit().getEnvelope()));
      case FETCH -> new Fetch(proof(parsed.getFetch().getProof()));
      case DELETE -> {
        var delete = parsed.getDelete();
        if (delete.getEnvelopeIdsCount() > MessagingLimits.MAX_DELETE_IDS) {
          throw new ProtocolViolationException("delete names " + delete.getEnvelopeIdsCount() + " envelopes, more than "
              + MessagingLimits.MAX_DELETE_IDS);
        }
        List<EnvelopeId> ids = new ArrayList<>();
        delete.getEnvelopeIdsList().forEach(id -> ids.add(EnvelopeId.fromBytes(id.toByteArray())));
        yield new Delete(proof(delete.getProof()), ids);
      }
      case OP_NOT_SET -> throw new ProtocolViolationException("mailbox request names no operation");
    };
  }

  public static byte[] encodeResponse(MailboxResult result) {
    if (result.status() == MailboxResult.Status.UNREACHABLE) {
      throw new IllegalArgumentException("an unreachable result is never sent");
    }
    MailboxResponse.Builder b = MailboxResponse.newBuilder()
        .setStatus(MailboxResponse.Status.valueOf(result.status().name()))
        .setError(DeliveryProtocol.truncate(result.error()))
        .setMore(result.more());
    for (MailboxResult.Stored s : result.envelopes()) {
      b.addEnvelopes(MessagingProtos.StoredEnvelope.newBuilder()
          .setId(ByteString.copyFrom(s.id().toBytes())).setEnvelope(ByteString.copyFrom(s.envelope())));
    }
    return b.build().toByteArray();
  }

  /** @throws ProtocolViolationException malformed, oversized or with too many envelopes */
  public static MailboxResult decodeResponse(byte[] response) {
    if (response.length > MessagingLimits.MAX_RESPONSE_FRAME_BYTES) {
      throw new ProtocolViolationException("mailbox answer of " + response.length + " bytes");
    }
    MailboxResponse parsed;
    try {
      parsed = MailboxResponse.parseFrom(response);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("mailbox answer is not a MailboxResponse: " + e.getMessage());
    }
    if (parsed.getEnvelopesCount() > MessagingLimits.MAX_FETCH_ENVELOPES) {
      throw new ProtocolViolationException("mailbox answer carries " + parsed.getEnvelopesCount() + " envelopes");
    }
    MailboxResult.Status status = switch (parsed.getStatus()) {
      case OK -> MailboxResult.Status.OK;
      case FULL -> MailboxResult.Status.FULL;
      case REJECTED -> MailboxResult.Status.REJECTED;
      case UNAUTHORIZED -> MailboxResult.Status.UNAUTHORIZED;
      default -> throw new ProtocolViolationException("mailbox answer has no known status");
    };
    List<MailboxResult.Stored> envelopes = new ArrayList<>();
    for (var s : parsed.getEnvelopesList()) {
      envelopes.add(new MailboxResult.Stored(EnvelopeId.fromBytes(s.getId().toByteArray()),
          DeliveryProtocol.checkEnvelope(s.getEnvelope())));
    }
    return new MailboxResult(status, DeliveryProtocol.truncate(parsed.getError()), envelopes, parsed.getMore());
  }

  private static MessagingProtos.OwnerProof proof(OwnerProof p) {
    return MessagingProtos.OwnerProof.newBuilder()
        .setRecipient(ByteString.copyFrom(p.recipient().toBytes()))
        .setMailboxNode(ByteString.copyFrom(p.mailboxNode().toBytes()))
        .setTimestampMillis(p.timestampMillis())
        .setNonce(ByteString.copyFrom(p.nonce()))
        .setSignature(ByteString.copyFrom(p.signature()))
        .build();
  }

  private static OwnerProof proof(MessagingProtos.OwnerProof p) {
    if (p.getNonce().size() != OwnerProof.NONCE_LENGTH || p.getSignature().size() != Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new ProtocolViolationException("owner proof has a bad nonce or signature length");
    }
    try {
      return new OwnerProof(Ed25519PublicKey.fromBytes(p.getRecipient().toByteArray()),
          PeerId.fromBytes(p.getMailboxNode().toByteArray()), p.getTimestampMillis(), p.getNonce().toByteArray(),
          p.getSignature().toByteArray());
    } catch (CryptoException | IllegalArgumentException e) {
      throw new ProtocolViolationException("owner proof names no valid key or node: " + e.getMessage());
    }
  }
}
