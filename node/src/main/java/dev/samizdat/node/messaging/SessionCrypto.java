package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.crypto.pqxdh.InitialMessage;
import dev.samizdat.crypto.pqxdh.Pqxdh;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.crypto.pqxdh.PrekeysUsed;
import dev.samizdat.crypto.ratchet.RatchetSession;
import dev.samizdat.node.messaging.proto.MessagingProtos.CipherFrame;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.SessionRecord;
import dev.samizdat.node.messaging.store.RocksPrekeyStore;
import dev.samizdat.node.store.Database;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Content into encrypted frames and back, with the sessions in the store; seals frames into
 * envelopes for mailboxes and opens them. Session changes are
 * staged into the caller's batch, which also holds the message they go with: commit both or
 * neither. Call with {@link Core#lock} held.
 *
 * <p>Every envelope names its session (16 bytes derived from the PQXDH initial message), so that a
 * peer may keep several — after both sides started one at once, or one restarted from scratch. Until
 * the initiator hears back on a session, every message on it repeats the PQXDH header, so the first
 * one to arrive (direct or from any mailbox, in any order) sets the session up.
 */
final class SessionCrypto {
  private static final byte[] SESSION_ID_LABEL = "samizdat/session-id/v1".getBytes(StandardCharsets.US_ASCII);
  static final int SESSION_ID_LENGTH = 16;

  private final Core core;

  SessionCrypto(Core core) {
    this.core = core;
  }

  boolean hasSession(Ed25519PublicKey peer) {
    return core.sessions.active(peer).isPresent();
  }

  /** The encrypted frame and the session it was encrypted in. */
  record Encrypted(byte[] frame, byte[] sessionId) {}

  /**
   * Encrypts {@code contents}, in order, for {@code peer} on the active session, or on a new one from
   * {@code bundle} (verified by the caller) when there is none; the session is restored and staged
   * once for all of them.
   */
  List<Encrypted> encryptAll(Ed25519PublicKey peer, List<byte[]> contents, Optional<PrekeyBundle> bundle,
      boolean withoutOneTimePrekeys, Database.Batch batch) {
    List<Encrypted> out = new ArrayList<>(contents.size());
    Optional<SessionRecord> active = core.sessions.active(peer);
    SessionRecord record;
    RatchetSession session;
    int next = 0;
    if (active.isEmpty()) {
      PrekeyBundle b = bundle.orElseThrow(() -> new MessagingException("no session with " + Core.peerOf(peer.toBytes())
          + " and no prekey bundle to start one"));
      Pqxdh.Initiated initiated = withoutOneTimePrekeys
          ? Pqxdh.initiateWithoutOneTimePrekeys(core.identity, b, contents.get(next++), core.random)
          : Pqxdh.initiate(core.identity, b, contents.get(next++), core.random);
      byte[] sessionId = sessionId(initiated.message());
      byte[] initial = initiated.message().encode();
      session = initiated.session();
      record = SessionRecord.newBuilder().setSessionId(ByteString.copyFrom(sessionId))
          .setInitialMessage(ByteString.copyFrom(initial)).setCreatedAtMillis(core.clock.millis()).build();
      out.add(checked(CipherFrame.newBuilder().setSessionId(record.getSessionId())
          .setInitialMessage(ByteString.copyFrom(initial)).build(), sessionId));
      core.sessions.stageActive(batch, peer, sessionId);
      evictOldSessions(batch, peer, sessionId, sessionId);
    } else {
      record = active.get();
      session = RatchetSession.fromBytes(record.getRatchetState().toByteArray());
    }
    return encryptOn(peer, record, session, contents, next, out, batch);
  }

  /**
   * Encrypts {@code contents}, in order, on the active session with {@code peer}; empty, with
   * nothing staged, when there is none.
   */
  Optional<List<Encrypted>> encryptOnSession(Ed25519PublicKey peer, List<byte[]> contents, Database.Batch batch) {
    return core.sessions.active(peer).map(record -> encryptOn(peer, record,
        RatchetSession.fromBytes(record.getRatchetState().toByteArray()), contents, 0,
        new ArrayList<>(contents.size()), batch));
  }

  /** Encrypts {@code contents} from index {@code next} on into {@code out}, and stages the session once. */
  private List<Encrypted> encryptOn(Ed25519PublicKey peer, SessionRecord record, RatchetSession session,
      List<byte[]> contents, int next, List<Encrypted> out, Database.Batch batch) {
    // Until the peer answers on the session, every message repeats the PQXDH header.
    InitialMessage header = record.getInitialMessage().isEmpty() ? null
        : InitialMessage.decode(record.getInitialMessage().toByteArray());
    byte[] sessionId = record.getSessionId().toByteArray();
    for (; next < contents.size(); next++) {
      byte[] ratchet = session.encrypt(contents.get(next));
      CipherFrame.Builder frame = CipherFrame.newBuilder().setSessionId(record.getSessionId());
      if (header != null) {
        frame.setInitialMessage(ByteString.copyFrom(new InitialMessage(header.initiatorIdentity(),
            header.ephemeralKey(), header.prekeys(), header.kemCiphertext(), ratchet).encode()));
      } else {
        frame.setRatchetMessage(ByteString.copyFrom(ratchet));
      }
      out.add(checked(frame.build(), sessionId));
    }
    core.sessions.stagePut(batch, peer, record.toBuilder().setRatchetState(ByteString.copyFrom(session.toBytes())).build());
    return out;
  }

  private static Encrypted checked(CipherFrame frame, byte[] sessionId) {
    byte[] encoded = frame.toByteArray();
    if (encoded.length > MessagingLimits.MAX_FRAME_BYTES) {
      throw new MessagingException("encrypted frame of " + encoded.length + " bytes exceeds "
          + MessagingLimits.MAX_FRAME_BYTES);
    }
    return new Encrypted(encoded, sessionId);
  }

  /**
   * {@code peer} could not start session {@code sessionId} (it refused the prekeys it names): if that
   * is still the active session and the peer never answered on it, forget it, so that the next
   * message starts another. True when it did.
   */
  boolean abandonUnconfirmed(Ed25519PublicKey peer, byte[] sessionId, Database.Batch batch) {
    Optional<SessionRecord> active = core.sessions.active(peer);
    if (active.isEmpty() || !Arrays.equals(active.get().getSessionId().toByteArray(), sessionId)
        || active.get().getInitialMessage().isEmpty()) {
      return false;
    }
    core.sessions.stageDelete(batch, peer, sessionId); // active() finds no session behind the pointer then
    return true;
  }

  /**
   * {@code peer} answered a frame of this session over its authenticated stream, so it holds the
   * session: stop repeating the PQXDH header, as its first reply on the session would have.
   */
  void confirmed(Ed25519PublicKey peer, byte[] sessionId, Database.Batch batch) {
    core.sessions.get(peer, sessionId).filter(r -> !r.getInitialMessage().isEmpty())
        .ifPresent(r -> core.sessions.stagePut(batch, peer, r.toBuilder().clearInitialMessage().build()));
  }

  /** Seals a frame for a mailbox: the carrier learns only the recipient. Needs no lock. */
  byte[] sealForMailbox(Ed25519PublicKey peer, byte[] frame) {
    return SealedEnvelope.seal(core.identity, peer, frame, core.random).encode();
  }

  /** A mailbox envelope opened: its sender (signature checked) and the frame inside. */
  record Unsealed(Ed25519PublicKey sender, byte[] frame) {}

  /** @throws dev.samizdat.crypto.CryptoException not for us, or forged */
  Unsealed unseal(byte[] envelope) {
    SealedEnvelope.Opened opened = SealedEnvelope.decode(envelope).open(core.identity);
    return new Unsealed(opened.sender(), opened.inner());
  }

  /** What a decrypted frame gave: the Content bytes, and prekeys it consumed. */
  record Decrypted(byte[] content, Optional<PrekeysUsed> consumedPrekeys) {}

  /** Sessions of one sender, each restored once for a run of its frames and staged once after. */
  Working working(Ed25519PublicKey sender) {
    return new Working(sender);
  }

  /** See {@link #working}. Call with {@link Core#lock} held, for one batch. */
  final class Working {
    private final Ed25519PublicKey sender;
    private final Map<ByteString, SessionRecord> records = new LinkedHashMap<>();
    private final Map<ByteString, RatchetSession> sessions = new HashMap<>();

    private Working(Ed25519PublicKey sender) {
      this.sender = sender;
    }

    /**
     * Decrypts a frame of a session this node holds; empty when the frame would start a session,
     * which {@link #decrypt} must handle in a batch of its own.
     *
     * @throws dev.samizdat.crypto.ratchet.DuplicateMessageException already decrypted once
     * @throws dev.samizdat.crypto.CryptoException forged
     * @throws ProtocolViolationException not a valid frame
     */
    Optional<byte[]> decryptKnown(byte[] frameBytes) {
      CipherFrame frame = parse(frameBytes);
      ByteString id = frame.getSessionId();
      SessionRecord record = records.get(id);
      if (record == null) {
        Optional<SessionRecord> stored = core.sessions.get(sender, id.toByteArray());
        if (stored.isEmpty()) {
          return Optional.empty();
        }
        record = stored.get();
        records.put(id, record);
        sessions.put(id, RatchetSession.fromBytes(record.getRatchetState().toByteArray()));
      }
      byte[] content = sessions.get(id).decrypt(ratchetMessage(frame), core.random);
      if (frame.getPayloadCase() == CipherFrame.PayloadCase.RATCHET_MESSAGE && !record.getInitialMessage().isEmpty()) {
        records.put(id, record.toBuilder().clearInitialMessage().build()); // the peer answered: stop repeating the header
      }
      return Optional.of(content);
    }

    void stage(Database.Batch batch) {
      records.forEach((id, record) -> core.sessions.stagePut(batch, sender, record.toBuilder()
          .setRatchetState(ByteString.copyFrom(sessions.get(id).toBytes())).build()));
    }
  }

  private static CipherFrame parse(byte[] frameBytes) {
    CipherFrame frame;
    try {
      frame = CipherFrame.parseFrom(frameBytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("the frame is not a CipherFrame: " + e.getMessage());
    }
    if (frame.getSessionId().size() != SESSION_ID_LENGTH) {
      throw new ProtocolViolationException("session id of " + frame.getSessionId().size() + " bytes");
    }
    return frame;
  }

  private static byte[] ratchetMessage(CipherFrame frame) {
    return switch (frame.getPayloadCase()) {
      case INITIAL_MESSAGE -> InitialMessage.decode(frame.getInitialMessage().toByteArray()).ratchetMessage();
      case RATCHET_MESSAGE -> frame.getRatchetMessage().toByteArray();
      case PAYLOAD_NOT_SET -> throw new ProtocolViolationException("the frame carries no message");
    };
  }

  /**
   * Decrypts a frame from {@code sender} (authenticated by the channel or the envelope it came in)
   * in its session, staging the session change.
   *
   * @throws dev.samizdat.crypto.ratchet.DuplicateMessageException already decrypted once
   * @throws dev.samizdat.crypto.CryptoException forged, or naming unknown prekeys
   * @throws ProtocolViolationException not a valid frame
   */
  Decrypted decrypt(Ed25519PublicKey sender, byte[] frameBytes, Database.Batch batch) {
    Working known = working(sender);
    Optional<byte[]> content = known.decryptKnown(frameBytes);
    if (content.isPresent()) {
      known.stage(batch);
      return new Decrypted(content.get(), Optional.empty());
    }
    CipherFrame frame = parse(frameBytes);
    byte[] sessionId = frame.getSessionId().toByteArray();
    if (frame.getPayloadCase() != CipherFrame.PayloadCase.INITIAL_MESSAGE) {
      throw new ProtocolViolationException("message on an unknown session");
    }
    InitialMessage initial = InitialMessage.decode(frame.getInitialMessage().toByteArray());
    if (!initial.initiatorIdentity().equals(sender)) {
      throw new ProtocolViolationException("initial message from another identity than its sender");
    }
    if (!Arrays.equals(sessionId, sessionId(initial))) {
      throw new ProtocolViolationException("session id does not match the initial message");
    }
    RocksPrekeyStore.Staging staging = core.prekeys.staging();
    Pqxdh.Accepted accepted = Pqxdh.respond(staging, initial, core.random);
    staging.consumed().ifPresent(used -> core.prekeys.stageConsume(batch, used));
    SessionRecord record = SessionRecord.newBuilder().setSessionId(ByteString.copyFrom(sessionId))
        .setRatchetState(ByteString.copyFrom(accepted.session().toBytes()))
        .setCreatedAtMillis(core.clock.millis()).build();
    core.sessions.stagePut(batch, sender, record);
    Optional<SessionRecord> active = core.sessions.active(sender);
    // Both sides started a session at once: both settle on the lower id. Otherwise the newest wins.
    boolean keepOurs = active.isPresent() && !active.get().getInitialMessage().isEmpty()
        && Arrays.compareUnsigned(active.get().getSessionId().toByteArray(), sessionId) < 0;
    byte[] activeId = keepOurs ? active.get().getSessionId().toByteArray() : sessionId;
    if (!keepOurs) {
      core.sessions.stageActive(batch, sender, sessionId);
    }
    evictOldSessions(batch, sender, sessionId, activeId);
    return new Decrypted(accepted.plaintext(), staging.consumed());
  }

  private void evictOldSessions(Database.Batch batch, Ed25519PublicKey peer, byte[] added, byte[] activeId) {
    List<SessionRecord> all = core.sessions.all(peer);
    int excess = all.size() + 1 - MessagingLimits.MAX_SESSIONS_PER_PEER;
    if (excess <= 0) {
      return;
    }
    all.stream()
        .filter(r -> !Arrays.equals(r.getSessionId().toByteArray(), added)
            && !Arrays.equals(r.getSessionId().toByteArray(), activeId))
        .sorted(Comparator.comparingLong(SessionRecord::getCreatedAtMillis))
        .limit(excess)
        .forEach(r -> core.sessions.stageDelete(batch, peer, r.getSessionId().toByteArray()));
  }

  static byte[] sessionId(InitialMessage message) {
    return Arrays.copyOf(Hashes.sha256(SESSION_ID_LABEL, message.initiatorIdentity().toBytes(),
        message.ephemeralKey().toBytes()), SESSION_ID_LENGTH);
  }
}
