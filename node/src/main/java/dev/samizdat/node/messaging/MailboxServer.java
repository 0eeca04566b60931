package dev.samizdat.node.messaging;

import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.EnvelopeId;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.messaging.net.MailboxResult;
import dev.samizdat.node.messaging.net.OwnerProof;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.MailboxItem;
import dev.samizdat.node.messaging.store.RocksMailboxStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * This node's side of {@code /samizdat/mailbox/1.0.0}: holds sealed envelopes for offline peers.
 * It reads only the envelope's recipient, and holds the peer that deposits it to a quota; it hands
 * envelopes back, and deletes them, only to the recipient's signed, fresh, never-replayed
 * {@link OwnerProof}. Thread-safe; blocking (RocksDB).
 */
public final class MailboxServer {
  private final PeerId self;
  private final RocksMailboxStore store;
  private final Clock clock;
  /** A proof is accepted up to one window either side of this node's clock: twice that from its arrival. */
  private final SpentProofNonces spentNonces = new SpentProofNonces(MessagingLimits.OWNER_PROOF_WINDOW.multipliedBy(2),
      MessagingLimits.MAX_OWNER_PROOFS_PER_RECIPIENT, MessagingLimits.MAX_REMEMBERED_NONCES);

  public MailboxServer(PeerId self, RocksMailboxStore store, Clock clock) {
    this.self = self;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Answers one request frame's payload.
   *
   * @throws ProtocolViolationException the request cannot be decoded: close the stream
   */
  public byte[] handle(PeerId remote, byte[] request) {
    return handle(remote, request, true);
  }

  /** As {@link #handle(PeerId, byte[])}; refuses deposits unless {@code depositsAllowed} (a blocked depositor). */
  public byte[] handle(PeerId remote, byte[] request, boolean depositsAllowed) {
    MailboxProtocol.Request decoded = MailboxProtocol.decodeRequest(request);
    if (!depositsAllowed && decoded instanceof MailboxProtocol.Deposit) {
      return MailboxProtocol.encodeResponse(MailboxResult.failed(MailboxResult.Status.REJECTED, "not accepted"));
    }
    return MailboxProtocol.encodeResponse(answer(remote, decoded));
  }

  MailboxResult answer(PeerId remote, MailboxProtocol.Request request) {
    if (request instanceof MailboxProtocol.Deposit d) {
      return deposit(remote, d.envelope());
    }
    if (request instanceof MailboxProtocol.Fetch f) {
      String refused = checkProof(f.proof(), OwnerProof.Operation.FETCH, List.of());
      if (refused != null) {
        return MailboxResult.failed(MailboxResult.Status.UNAUTHORIZED, refused);
      }
      RocksMailboxStore.Page page = store.fetch(f.proof().recipient(), MessagingLimits.MAX_FETCH_ENVELOPES,
          MessagingLimits.MAX_RESPONSE_FRAME_BYTES - 64 * 1024);
      List<MailboxResult.Stored> out = new ArrayList<>();
      for (MailboxItem item : page.items()) {
        out.add(new MailboxResult.Stored(EnvelopeId.fromBytes(item.getId().toByteArray()),
            item.getEnvelope().toByteArray()));
      }
      return new MailboxResult(MailboxResult.Status.OK, "", out, page.more());
    }
    MailboxProtocol.Delete d = (MailboxProtocol.Delete) request;
    String refused = checkProof(d.proof(), OwnerProof.Operation.DELETE, d.ids());
    if (refused != null) {
      return MailboxResult.failed(MailboxResult.Status.UNAUTHORIZED, refused);
    }
    store.delete(d.proof().recipient(), d.ids());
    return MailboxResult.ok();
  }

  private MailboxResult deposit(PeerId depositor, byte[] envelope) {
    SealedEnvelope sealed;
    try {
      sealed = SealedEnvelope.decode(envelope);
    } catch (CryptoException e) {
      return MailboxResult.failed(MailboxResult.Status.REJECTED, "not a sealed envelope: " + e.getMessage());
    }
    return switch (store.deposit(sealed.recipient(), depositor, envelope, clock.millis())) {
      case STORED, ALREADY_STORED -> MailboxResult.ok();
      case RECIPIENT_FULL -> MailboxResult.failed(MailboxResult.Status.FULL, "the mailbox for this recipient is full ("
          + MessagingLimits.MAX_ENVELOPES_PER_RECIPIENT + " envelopes or "
          + MessagingLimits.MAX_BYTES_PER_RECIPIENT / (1024 * 1024) + " MiB)");
      case DEPOSITOR_FULL -> MailboxResult.failed(MailboxResult.Status.FULL, "this mailbox node takes at most "
          + MessagingLimits.MAX_BYTES_PER_DEPOSITOR / (1024 * 1024) + " MiB of envelopes from one peer within its "
          + "retention period, and this peer has reached that; try other mailbox nodes, or later");
      case NODE_FULL -> MailboxResult.failed(MailboxResult.Status.FULL, "this mailbox node is out of space");
    };
  }

  /** Null when the proof is good (and its nonce is now spent), else why not. */
  private String checkProof(OwnerProof proof, OwnerProof.Operation operation, List<EnvelopeId> ids) {
    long now = clock.millis();
    if (Math.abs(now - proof.timestampMillis()) > MessagingLimits.OWNER_PROOF_WINDOW.toMillis()) {
      return "owner proof timestamp is more than " + MessagingLimits.OWNER_PROOF_WINDOW.toMinutes()
          + " minutes from this node's clock";
    }
    if (!proof.verifies(operation, self, ids)) {
      return "owner proof signature does not verify for this node and request";
    }
    return switch (spentNonces.spend(proof.recipient(), proof.nonce(), now)) {
      case FRESH -> null;
      case REPLAYED -> "owner proof was already used (replay)";
      case TOO_MANY -> "more than " + MessagingLimits.MAX_OWNER_PROOFS_PER_RECIPIENT + " owner proofs for this "
          + "recipient in the last " + MessagingLimits.OWNER_PROOF_WINDOW.multipliedBy(2).toMinutes()
          + " minutes; try again later";
    };
  }

  /** Drops envelopes older than the retention; returns how many. */
  public int expire() {
    return store.expire(clock.millis());
  }
}
