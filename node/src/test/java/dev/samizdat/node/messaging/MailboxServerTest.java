package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.EnvelopeId;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.messaging.net.MailboxResult;
import dev.samizdat.node.messaging.net.OwnerProof;
import dev.samizdat.node.messaging.store.RocksMailboxStore;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxServerTest {
  @TempDir
  Path directory;
  final SecureRandom random = new SecureRandom();
  final ManualScheduler time = new ManualScheduler();
  final Ed25519PrivateKey node = Ed25519PrivateKey.generate(random);
  final PeerId nodeId = PeerId.fromPublicKey(node.publicKey());
  final Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
  final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);
  final Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(random);
  Database db;
  MailboxServer server;

  @BeforeEach
  void open() {
    db = Database.open(directory, new byte[32], random);
    server = new MailboxServer(nodeId, new RocksMailboxStore(db, Duration.ofDays(14)), time.clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private byte[] envelopeFor(Ed25519PrivateKey recipient, String text) {
    return SealedEnvelope.seal(alice, recipient.publicKey(), text.getBytes(), random).encode();
  }

  private MailboxResult ask(MailboxProtocol.Request request) {
    return ask(PeerId.fromPublicKey(alice.publicKey()), request);
  }

  private MailboxResult ask(PeerId remote, MailboxProtocol.Request request) {
    return MailboxProtocol.decodeResponse(server.handle(remote, MailboxProtocol.encodeRequest(request)));
  }

  private MailboxResult deposit(byte[] envelope) {
    return ask(new MailboxProtocol.Deposit(envelope));
  }

  private MailboxResult fetch(Ed25519PrivateKey owner) {
    return ask(new MailboxProtocol.Fetch(OwnerProof.sign(owner, nodeId, OwnerProof.Operation.FETCH, List.of(),
        time.nowMillis(), random)));
  }

  @Test
  void deleteNeedsTheOwnersFreshSignatureForThisNodeAndTheseIds() {
    byte[] envelope = envelopeFor(bob, "for bob");
    assertThat(deposit(envelope).isOk()).isTrue();
    List<EnvelopeId> ids = List.of(EnvelopeId.of(envelope));
    long now = time.nowMillis();

    // Someone else's key, claiming nothing: not the owner.
    OwnerProof byMallory = OwnerProof.sign(mallory, nodeId, OwnerProof.Operation.DELETE, ids, now, random);
    assertThat(ask(new MailboxProtocol.Delete(byMallory, ids)).status()).isEqualTo(MailboxResult.Status.OK);
    assertThat(fetch(bob).envelopes()).hasSize(1); // Mallory deleted only her own (empty) mailbox

    // Mallory's signature presented as Bob's.
    OwnerProof forged = new OwnerProof(bob.publicKey(), nodeId, now, byMallory.nonce(), byMallory.signature());
    MailboxResult refused = ask(new MailboxProtocol.Delete(forged, ids));
    assertThat(refused.status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(refused.error()).contains("signature does not verify");

    // Bob's proof for another node, another operation, other ids, or a stale time.
    PeerId otherNode = PeerId.fromPublicKey(mallory.publicKey());
    assertThat(ask(new MailboxProtocol.Delete(OwnerProof.sign(bob, otherNode, OwnerProof.Operation.DELETE, ids, now,
        random), ids)).status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(ask(new MailboxProtocol.Delete(OwnerProof.sign(bob, nodeId, OwnerProof.Operation.FETCH, ids, now,
        random), ids)).status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(ask(new MailboxProtocol.Delete(OwnerProof.sign(bob, nodeId, OwnerProof.Operation.DELETE, List.of(),
        now, random), ids)).status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    MailboxResult stale = ask(new MailboxProtocol.Delete(OwnerProof.sign(bob, nodeId, OwnerProof.Operation.DELETE, ids,
        now - Duration.ofMinutes(6).toMillis(), random), ids));
    assertThat(stale.status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(stale.error()).contains("timestamp");
    assertThat(fetch(bob).envelopes()).hasSize(1);

    OwnerProof good = OwnerProof.sign(bob, nodeId, OwnerProof.Operation.DELETE, ids, now, random);
    assertThat(ask(new MailboxProtocol.Delete(good, ids)).isOk()).isTrue();
    assertThat(fetch(bob).envelopes()).isEmpty();

    // The same proof again is a replay.
    assertThat(deposit(envelope).isOk()).isTrue();
    MailboxResult replay = ask(new MailboxProtocol.Delete(good, ids));
    assertThat(replay.status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(replay.error()).contains("replay");
    assertThat(fetch(bob).envelopes()).hasSize(1);
  }

  @Test
  void oneKeyFloodingOwnerProofsLocksNoOtherRecipientOutAndReplaysStayRefused() {
    byte[] envelope = envelopeFor(bob, "for bob");
    assertThat(deposit(envelope).isOk()).isTrue();
    for (int i = 0; i < MessagingLimits.MAX_OWNER_PROOFS_PER_RECIPIENT; i++) {
      assertThat(fetch(mallory).isOk()).isTrue();
    }
    MailboxResult flooding = fetch(mallory);
    assertThat(flooding.status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(flooding.error()).contains("owner proofs for this recipient").contains("try again later");

    assertThat(fetch(bob).envelopes()).hasSize(1);
    List<EnvelopeId> ids = List.of(EnvelopeId.of(envelope));
    OwnerProof delete = OwnerProof.sign(bob, nodeId, OwnerProof.Operation.DELETE, ids, time.nowMillis(), random);
    assertThat(ask(new MailboxProtocol.Delete(delete, ids)).isOk()).isTrue();
    assertThat(fetch(bob).envelopes()).isEmpty();
    assertThat(deposit(envelope).isOk()).isTrue();
    assertThat(ask(new MailboxProtocol.Delete(delete, ids)).error()).contains("replay");
    assertThat(fetch(bob).envelopes()).hasSize(1);

    // Mallory waits only until her proofs leave the window.
    time.advance(MessagingLimits.OWNER_PROOF_WINDOW.multipliedBy(2).plusSeconds(1));
    assertThat(fetch(mallory).isOk()).isTrue();
  }

  @Test
  void fetchReturnsOnlyTheOwnersEnvelopesInDepositOrder() {
    for (int i = 0; i < 5; i++) {
      deposit(envelopeFor(bob, "bob " + i));
      deposit(envelopeFor(alice, "alice " + i));
    }
    MailboxResult forBob = fetch(bob);
    assertThat(forBob.envelopes()).hasSize(5).allSatisfy(s ->
        assertThat(SealedEnvelope.decode(s.envelope()).recipient()).isEqualTo(bob.publicKey()));
    assertThat(forBob.envelopes().stream().map(s -> new String(SealedEnvelope.decode(s.envelope()).open(bob).inner())))
        .containsExactly("bob 0", "bob 1", "bob 2", "bob 3", "bob 4");
    OwnerProof forged = OwnerProof.sign(mallory, nodeId, OwnerProof.Operation.FETCH, List.of(), time.nowMillis(), random);
    OwnerProof asBob = new OwnerProof(bob.publicKey(), nodeId, forged.timestampMillis(), forged.nonce(),
        forged.signature());
    assertThat(ask(new MailboxProtocol.Fetch(asBob)).status()).isEqualTo(MailboxResult.Status.UNAUTHORIZED);
    assertThat(ask(new MailboxProtocol.Fetch(asBob)).envelopes()).isEmpty();
  }

  @Test
  void aFullMailboxRefusesWithAClearErrorAndOthersStillDeposit() {
    for (int i = 0; i < MessagingLimits.MAX_ENVELOPES_PER_RECIPIENT; i++) {
      assertThat(deposit(envelopeFor(bob, "n" + i)).isOk()).isTrue();
    }
    MailboxResult full = deposit(envelopeFor(bob, "one too many"));
    assertThat(full.status()).isEqualTo(MailboxResult.Status.FULL);
    assertThat(full.error()).contains("mailbox for this recipient is full").contains("1000 envelopes");
    assertThat(deposit(envelopeFor(alice, "alice still fits")).isOk()).isTrue();

    MailboxResult page = fetch(bob);
    assertThat(page.envelopes()).hasSize(MessagingLimits.MAX_FETCH_ENVELOPES);
    assertThat(page.more()).isTrue();
    List<EnvelopeId> ids = page.envelopes().stream().map(MailboxResult.Stored::id).toList();
    ask(new MailboxProtocol.Delete(OwnerProof.sign(bob, nodeId, OwnerProof.Operation.DELETE, ids, time.nowMillis(),
        random), ids));
    assertThat(deposit(envelopeFor(bob, "room again")).isOk()).isTrue();
  }

  @Test
  void onePeerFillingItsQuotaDoesNotStopAnothersDepositForARealRecipient() {
    PeerId flooder = PeerId.fromPublicKey(mallory.publicKey());
    // Envelopes of the largest size, each for a recipient Mallory invents, until the node says no.
    String body = "x".repeat(MessagingLimits.MAX_ENVELOPE_BYTES - SealedEnvelope.OVERHEAD);
    long deposited = 0;
    MailboxResult refused;
    while (true) {
      byte[] envelope = envelopeFor(Ed25519PrivateKey.generate(random), body);
      refused = ask(flooder, new MailboxProtocol.Deposit(envelope));
      if (!refused.isOk()) {
        break;
      }
      deposited += envelope.length;
    }
    assertThat(refused.status()).isEqualTo(MailboxResult.Status.FULL);
    assertThat(refused.error()).contains("64 MiB of envelopes from one peer");
    assertThat(deposited).isGreaterThan(MessagingLimits.MAX_BYTES_PER_DEPOSITOR - MessagingLimits.MAX_ENVELOPE_BYTES)
        .isLessThanOrEqualTo(MessagingLimits.MAX_BYTES_PER_DEPOSITOR);

    assertThat(deposit(envelopeFor(bob, "from alice")).isOk()).isTrue();
    assertThat(fetch(bob).envelopes()).hasSize(1);
  }

  @Test
  void envelopesAreKeptForTheRetentionPeriodOnly() {
    deposit(envelopeFor(bob, "old"));
    time.advance(Duration.ofDays(10));
    deposit(envelopeFor(bob, "new"));
    time.advance(Duration.ofDays(5));
    assertThat(server.expire()).isEqualTo(1);
    assertThat(fetch(bob).envelopes()).hasSize(1);
  }

  @Test
  void garbageIsRefusedAndTheServerKeepsServing() {
    assertThatThrownBy(() -> server.handle(nodeId, new byte[] {(byte) 0xFF, 0x01, 0x02}))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> server.handle(nodeId, new byte[MessagingLimits.MAX_MAILBOX_REQUEST_BYTES + 1]))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("exceeds");
    MailboxResult notSealed = deposit(new byte[200]);
    assertThat(notSealed.status()).isEqualTo(MailboxResult.Status.REJECTED);
    assertThat(notSealed.error()).contains("not a sealed envelope");
    assertThatThrownBy(() -> deposit(new byte[MessagingLimits.MAX_ENVELOPE_BYTES + 1]))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("exceeds");
    assertThat(deposit(envelopeFor(bob, "still here")).isOk()).isTrue();
    assertThat(fetch(bob).envelopes()).hasSize(1);
  }
}
