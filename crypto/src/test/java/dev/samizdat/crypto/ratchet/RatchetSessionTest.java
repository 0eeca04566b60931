package dev.samizdat.crypto.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.X25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatchetSessionTest {
  private final TestRandom random = new TestRandom("RatchetSessionTest");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void messagesRoundTripBothWaysAcrossRatchetSteps() {
    RatchetPair p = RatchetPair.create(random);
    assertThat(p.bob().canEncrypt()).isFalse();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 3; i++) {
        byte[] m = p.alice().encrypt(utf8("a" + round + i));
        assertThat(p.bob().decrypt(m, random)).isEqualTo(utf8("a" + round + i));
      }
      byte[] r = p.bob().encrypt(utf8("b" + round));
      assertThat(p.alice().decrypt(r, random)).isEqualTo(utf8("b" + round));
    }
  }

  @Test
  void outOfOrderMessagesAcrossChainsDecryptOnce() {
    RatchetPair p = RatchetPair.create(random);
    byte[] a0 = p.alice().encrypt(utf8("a0"));
    byte[] a1 = p.alice().encrypt(utf8("a1"));
    byte[] a2 = p.alice().encrypt(utf8("a2"));
    assertThat(p.bob().decrypt(a2, random)).isEqualTo(utf8("a2"));
    byte[] b0 = p.bob().encrypt(utf8("b0"));
    p.alice().decrypt(b0, random);
    byte[] a3 = p.alice().encrypt(utf8("a3")); // new chain, PN = 3
    assertThat(p.bob().decrypt(a3, random)).isEqualTo(utf8("a3"));
    assertThat(p.bob().decrypt(a0, random)).isEqualTo(utf8("a0"));
    assertThat(p.bob().decrypt(a1, random)).isEqualTo(utf8("a1"));
    for (byte[] replay : List.of(a0, a1, a2, a3)) {
      assertThatThrownBy(() -> p.bob().decrypt(replay, random)).isInstanceOf(DuplicateMessageException.class);
    }
  }

  @Test
  void failedDecryptionLeavesTheStateUnchanged() {
    RatchetPair p = RatchetPair.create(random);
    p.bob().decrypt(p.alice().encrypt(utf8("hello")), random);
    byte[] next = p.alice().encrypt(utf8("next"));
    byte[] before = p.bob().toBytes();
    byte[] tampered = next.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> p.bob().decrypt(tampered, random)).isInstanceOf(AuthenticationException.class);
    assertThat(p.bob().toBytes()).isEqualTo(before);
    // A forged header that starts a new ratchet step is rolled back as well.
    byte[] forged = next.clone();
    System.arraycopy(X25519PrivateKey.generate(random).publicKey().toBytes(), 0, forged, 1, 32);
    assertThatThrownBy(() -> p.bob().decrypt(forged, random)).isInstanceOf(AuthenticationException.class);
    assertThat(p.bob().toBytes()).isEqualTo(before);
    assertThat(p.bob().decrypt(next, random)).isEqualTo(utf8("next"));
  }

  @Test
  void aJumpBeyondMaxSkipIsRejectedBeforeAnyKeyIsDerived() {
    RatchetPair p = RatchetPair.create(random);
    p.bob().decrypt(p.alice().encrypt(utf8("first")), random);
    byte[] before = p.bob().toBytes();
    // A forged message number: had keys been derived first, the wrong tag would fail authentication;
    // the bound check rejects it as malformed without deriving anything.
    RatchetMessage honest = RatchetMessage.decode(p.alice().encrypt(utf8("x")));
    byte[] far = new RatchetMessage(honest.ratchetKey(), 0, 1 + 1 + RatchetSession.MAX_SKIP,
        honest.ciphertext()).encode();
    assertThatThrownBy(() -> p.bob().decrypt(far, random))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("skip");
    assertThat(p.bob().toBytes()).isEqualTo(before);
    byte[] farNewChain = new RatchetMessage(X25519PrivateKey.generate(random).publicKey(), 0,
        RatchetSession.MAX_SKIP + 1, honest.ciphertext()).encode();
    assertThatThrownBy(() -> p.bob().decrypt(farNewChain, random)).isInstanceOf(MalformedInputException.class);
    assertThat(p.bob().toBytes()).isEqualTo(before);
  }

  @Test
  void aJumpOfExactlyMaxSkipIsAccepted() {
    RatchetPair p = RatchetPair.create(random);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i <= RatchetSession.MAX_SKIP; i++) {
      sent.add(p.alice().encrypt(utf8("m" + i)));
    }
    assertThat(p.bob().decrypt(sent.get(RatchetSession.MAX_SKIP), random)).isEqualTo(utf8("m" + RatchetSession.MAX_SKIP));
    assertThat(p.bob().decrypt(sent.get(17), random)).isEqualTo(utf8("m17"));
  }

  @Test
  void skippedKeysAreBoundedInTotalOldestEvictedFirst() {
    RatchetPair p = RatchetPair.create(random);
    List<byte[]> skippedMessages = new ArrayList<>();
    for (int chain = 0; chain < 3; chain++) {
      for (int i = 0; i < RatchetSession.MAX_SKIP; i++) {
        skippedMessages.add(p.alice().encrypt(utf8("s")));
      }
      p.bob().decrypt(p.alice().encrypt(utf8("last")), random);
      p.alice().decrypt(p.bob().encrypt(utf8("ack")), random);
    }
    assertThat(p.bob().skipped.size()).isEqualTo(RatchetSession.MAX_SKIPPED_KEYS);
    assertThatThrownBy(() -> p.bob().decrypt(skippedMessages.get(0), random))
        .isInstanceOf(DuplicateMessageException.class);
    assertThat(p.bob().decrypt(skippedMessages.get(skippedMessages.size() - 1), random)).isEqualTo(utf8("s"));
  }

  @Test
  void forwardSecrecyACopyOfTheStateCannotDecryptEarlierMessages() {
    RatchetPair p = RatchetPair.create(random);
    List<byte[]> delivered = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      byte[] a = p.alice().encrypt(utf8("to bob " + round));
      delivered.add(a);
      p.bob().decrypt(a, random);
      p.alice().decrypt(p.bob().encrypt(utf8("to alice " + round)), random);
    }
    RatchetSession stolen = RatchetPair.copy(p.bob());
    for (byte[] old : delivered) {
      assertThatThrownBy(() -> stolen.decrypt(old, random)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void postCompromiseSecurityAStolenStateLosesAccessAfterOneRoundTrip() {
    RatchetPair p = RatchetPair.create(random);
    p.bob().decrypt(p.alice().encrypt(utf8("hello")), random);
    // The attacker copies Bob's whole state and then sees every message Alice sends to Bob.
    RatchetSession attacker = RatchetPair.copy(p.bob());
    TestRandom attackerRandom = new TestRandom("attacker");
    byte[] beforeHealing = p.alice().encrypt(utf8("still readable"));
    p.bob().decrypt(beforeHealing, random);
    assertThat(attacker.decrypt(beforeHealing, attackerRandom)).isEqualTo(utf8("still readable"));
    // Round trip 1: Bob answers with the key he generated before the theft, Alice answers on a new key;
    // the attacker still holds Bob's private ratchet key, so it can follow.
    p.alice().decrypt(p.bob().encrypt(utf8("r1")), random);
    byte[] a1 = p.alice().encrypt(utf8("a1"));
    p.bob().decrypt(a1, random);
    assertThat(attacker.decrypt(a1, attackerRandom)).isEqualTo(utf8("a1"));
    // Round trip 2: Bob's ratchet key is now fresh (made after the theft): the attacker is out.
    p.alice().decrypt(p.bob().encrypt(utf8("r2")), random);
    for (int i = 0; i < 5; i++) {
      byte[] healed = p.alice().encrypt(utf8("private " + i));
      assertThat(p.bob().decrypt(healed, random)).isEqualTo(utf8("private " + i));
      assertThatThrownBy(() -> attacker.decrypt(healed, attackerRandom)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void associatedDataBindsTheSession() {
    RatchetPair p = RatchetPair.create(random);
    byte[] sk = new byte[32];
    X25519PrivateKey prekey = X25519PrivateKey.generate(random);
    RatchetSession alice = RatchetSession.initiator(sk, prekey.publicKey(), utf8("alice|bob"), random);
    RatchetSession mallory = RatchetSession.responder(sk, prekey, utf8("alice|mallory"));
    byte[] m = alice.encrypt(utf8("hi"));
    assertThatThrownBy(() -> mallory.decrypt(m, random)).isInstanceOf(AuthenticationException.class);
    assertThat(p.alice().associatedData()).isEqualTo(RatchetPair.AD);
  }

  @Test
  void stateSerialisesAndRestoresExactly() {
    RatchetPair p = RatchetPair.create(random);
    byte[] a0 = p.alice().encrypt(utf8("0"));
    p.alice().encrypt(utf8("1"));
    p.bob().decrypt(p.alice().encrypt(utf8("2")), random);
    p.alice().decrypt(p.bob().encrypt(utf8("b")), random);
    byte[] state = p.bob().toBytes();
    RatchetSession restored = RatchetSession.fromBytes(state);
    assertThat(restored.toBytes()).isEqualTo(state);
    assertThat(restored.decrypt(a0, random)).isEqualTo(utf8("0"));
  }

  @Test
  void aVersion1StateWithoutTheOwnPublicKeyStillRestores() {
    RatchetPair p = RatchetPair.create(random);
    byte[] a0 = p.alice().encrypt(utf8("0"));
    p.bob().decrypt(p.alice().encrypt(utf8("1")), random);
    byte[] v2 = p.bob().toBytes();
    // Version 2 inserts the own public key after the private key: version, ad length, ad, flags, 32.
    int publicKeyAt = 1 + 2 + p.bob().associatedData().length + 1 + 32;
    byte[] v1 = new byte[v2.length - 32];
    System.arraycopy(v2, 0, v1, 0, publicKeyAt);
    System.arraycopy(v2, publicKeyAt + 32, v1, publicKeyAt, v2.length - publicKeyAt - 32);
    v1[0] = SessionCodec.VERSION_1;

    RatchetSession restored = RatchetSession.fromBytes(v1);
    assertThat(restored.toBytes()).isEqualTo(v2);
    assertThat(restored.decrypt(a0, random)).isEqualTo(utf8("0"));
    assertThat(p.alice().decrypt(restored.encrypt(utf8("b")), random)).isEqualTo(utf8("b"));
    v1[0] = 3;
    assertThatThrownBy(() -> RatchetSession.fromBytes(v1)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("version 3");
  }

  @Test
  void messageKeyDerivationIsHkdfExpand() {
    byte[] mk = new byte[32];
    random.nextBytes(mk);
    byte[] expected = Hkdf.expand(mk, RatchetKdf.MESSAGE_INFO, 44);
    byte[][] keys = RatchetKdf.messageKeys(mk);
    assertThat(dev.samizdat.crypto.Bytes.concat(keys[0], keys[1])).isEqualTo(expected);
    byte[][] chain = RatchetKdf.chain(mk);
    assertThat(chain[0]).isEqualTo(Hkdf.hmacSha256(mk, new byte[] {1}));
    assertThat(chain[1]).isEqualTo(Hkdf.hmacSha256(mk, new byte[] {2}));
  }
}
