package dev.samizdat.crypto.pqxdh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.pqxdh.Prekeys.KemPrekey;
import dev.samizdat.crypto.ratchet.RatchetSession;
import dev.samizdat.crypto.ratchet.TestRandom;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PqxdhTest {
  private final TestRandom random = new TestRandom("PqxdhTest");
  private final Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);
  private final InMemoryPrekeyStore bobStore = new InMemoryPrekeyStore(bob);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertConnected(RatchetSession initiator, RatchetSession responder, TestRandom random) {
    assertThat(initiator.decrypt(responder.encrypt(utf8("reply")), random)).isEqualTo(utf8("reply"));
    assertThat(responder.decrypt(initiator.encrypt(utf8("again")), random)).isEqualTo(utf8("again"));
  }

  @Test
  void bothSidesDeriveTheSameKeyWithOneTimePrekeys() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 5, 3, random);
    Pqxdh.Initiated sent = Pqxdh.initiate(alice, PrekeyBundle.decode(bundle.encode()), utf8("hello bob"), random);
    assertThat(sent.message().prekeys().oneTimePrekeyId()).isPresent();
    assertThat(sent.message().prekeys().kemPrekeyIsOneTime()).isTrue();
    Pqxdh.Accepted got = Pqxdh.respond(bobStore, InitialMessage.decode(sent.message().encode()), random);
    assertThat(got.plaintext()).isEqualTo(utf8("hello bob"));
    assertThat(got.initiator()).isEqualTo(alice.publicKey());
    assertThat(got.session().associatedData()).isEqualTo(sent.session().associatedData());
    assertConnected(sent.session(), got.session(), random);
  }

  @Test
  void bothSidesDeriveTheSameKeyWithOnlyTheLastResortKemPrekey() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 0, 0, random);
    Pqxdh.Initiated sent = Pqxdh.initiate(alice, bundle, utf8("hi"), random);
    assertThat(sent.message().prekeys().oneTimePrekeyId()).isEmpty();
    assertThat(sent.message().prekeys().kemPrekeyIsOneTime()).isFalse();
    Pqxdh.Accepted got = Pqxdh.respond(bobStore, sent.message(), random);
    assertThat(got.plaintext()).isEqualTo(utf8("hi"));
    assertConnected(sent.session(), got.session(), random);
  }

  @Test
  void aBadBundleSignatureIsRejected() {
    byte[] encoded = PrekeyGenerator.generate(bobStore, 7, 2, 1, random).encode();
    encoded[encoded.length - 1] ^= 1;
    PrekeyBundle bad = PrekeyBundle.decode(encoded);
    assertThatThrownBy(() -> Pqxdh.initiate(alice, bad, utf8("x"), random))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("prekey bundle");
  }

  @Test
  void aTamperedSequenceNumberIsRejected() {
    byte[] encoded = PrekeyGenerator.generate(bobStore, 7, 2, 1, random).encode();
    encoded[1 + 32 + 7] = 8; // sequence 7 -> 8
    PrekeyBundle bad = PrekeyBundle.decode(encoded);
    assertThat(bad.sequence()).isEqualTo(8);
    assertThatThrownBy(bad::verify).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aReusedOneTimePrekeyIsRejected() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 1, 1, random);
    Pqxdh.Initiated first = Pqxdh.initiate(alice, bundle, utf8("first"), random);
    Pqxdh.respond(bobStore, first.message(), random);
    assertThatThrownBy(() -> Pqxdh.respond(bobStore, first.message(), random))
        .isInstanceOf(UnknownPrekeyException.class).hasMessageContaining("already used");
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);
    Pqxdh.Initiated second = Pqxdh.initiate(carol, bundle, utf8("second"), random);
    assertThatThrownBy(() -> Pqxdh.respond(bobStore, second.message(), random))
        .isInstanceOf(UnknownPrekeyException.class);
  }

  @Test
  void aSecondAttemptWithoutOneTimePrekeysStartsFromTheSameBundleAfterAnotherInitiatorTookThem() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 1, 1, random);
    Pqxdh.respond(bobStore, Pqxdh.initiate(alice, bundle, utf8("first"), random).message(), random);
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);

    Pqxdh.Initiated again = Pqxdh.initiateWithoutOneTimePrekeys(carol, bundle, utf8("second"), random);
    assertThat(again.message().prekeys().oneTimePrekeyId()).isEmpty();
    assertThat(again.message().prekeys().kemPrekeyIsOneTime()).isFalse();
    Pqxdh.Accepted got = Pqxdh.respond(bobStore, again.message(), random);
    assertThat(got.plaintext()).isEqualTo(utf8("second"));
    assertConnected(again.session(), got.session(), random);
  }

  @Test
  void aForgedInitialMessageConsumesNothing() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 1, 1, random);
    InitialMessage genuine = Pqxdh.initiate(alice, bundle, utf8("genuine"), random).message();
    byte[] ratchet = genuine.ratchetMessage();
    ratchet[ratchet.length - 1] ^= 1;
    InitialMessage forged = new InitialMessage(genuine.initiatorIdentity(), genuine.ephemeralKey(),
        genuine.prekeys(), genuine.kemCiphertext(), ratchet);
    assertThatThrownBy(() -> Pqxdh.respond(bobStore, forged, random)).isInstanceOf(AuthenticationException.class);
    assertThat(Pqxdh.respond(bobStore, genuine, random).plaintext()).isEqualTo(utf8("genuine"));
  }

  @Test
  void anImpersonatedInitiatorIdentityFails() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 1, 1, random);
    InitialMessage genuine = Pqxdh.initiate(alice, bundle, utf8("from alice"), random).message();
    Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(random);
    InitialMessage claimed = new InitialMessage(mallory.publicKey(), genuine.ephemeralKey(), genuine.prekeys(),
        genuine.kemCiphertext(), genuine.ratchetMessage());
    assertThatThrownBy(() -> Pqxdh.respond(bobStore, claimed, random)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aSwappedKemPrekeyNotSignedByTheIdentityIsRejected() {
    PrekeyBundle genuine = PrekeyGenerator.generate(bobStore, 3, 1, 1, random);
    Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(random);
    MlKem768.PrivateKey malloryKem = MlKem768.PrivateKey.generate(random);
    // The bundle itself is signed by Bob, but the ML-KEM prekey's own signature is Mallory's.
    KemPrekey swapped = PrekeyGenerator.signKemPrekey(mallory, genuine.lastResortKemPrekey().id(),
        malloryKem.publicKey(), true);
    PrekeyBundle bad = PrekeyBundle.sign(bob, 4, genuine.signedPrekey(), swapped, genuine.oneTimePrekeys(),
        List.of());
    assertThatThrownBy(() -> Pqxdh.initiate(alice, bad, utf8("x"), random))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("last-resort ML-KEM prekey");
    // A one-time ML-KEM key carrying the signature of another key is caught the same way.
    KemPrekey real = genuine.oneTimeKemPrekeys().get(0);
    KemPrekey stolenSignature = new KemPrekey(real.id(), malloryKem.publicKey(), false, real.signature());
    PrekeyBundle bad2 = PrekeyBundle.sign(bob, 5, genuine.signedPrekey(), genuine.lastResortKemPrekey(),
        genuine.oneTimePrekeys(), List.of(stolenSignature));
    assertThatThrownBy(() -> Pqxdh.initiate(alice, bad2, utf8("x"), random))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("one-time ML-KEM prekey");
    // Swapping the key inside a published bundle breaks the bundle signature.
    byte[] encoded = genuine.encode();
    byte[] otherKey = malloryKem.publicKey().encoded();
    int offset = 1 + 32 + 8 + 4 + 32 + 64 + 4;
    System.arraycopy(otherKey, 0, encoded, offset, otherKey.length);
    assertThatThrownBy(() -> PrekeyBundle.decode(encoded).verify()).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aBundleOfTheMaximumSizeRoundTrips() {
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, Long.MAX_VALUE, PrekeyBundle.MAX_ONE_TIME_PREKEYS,
        PrekeyBundle.MAX_ONE_TIME_KEM_PREKEYS, random);
    byte[] encoded = bundle.encode();
    assertThat(encoded).hasSize(PrekeyBundle.MAX_LENGTH);
    assertThat(PrekeyBundle.decode(encoded).verify().encode()).isEqualTo(encoded);
    assertThat(PrekeyBundle.decode(encoded)).isEqualTo(bundle);
  }
}
