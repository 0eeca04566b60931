package dev.samizdat.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.ratchet.TestRandom;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealedEnvelopeTest {
  private final TestRandom random = new TestRandom("SealedEnvelopeTest");
  private final Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);
  private final byte[] inner = "a ratchet message".getBytes(StandardCharsets.UTF_8);

  @Test
  void theRecipientLearnsTheSenderAndTheInnerMessage() {
    byte[] wire = SealedEnvelope.seal(alice, bob.publicKey(), inner, random).encode();
    SealedEnvelope.Opened opened = SealedEnvelope.decode(wire).open(bob);
    assertThat(opened.sender()).isEqualTo(alice.publicKey());
    assertThat(opened.inner()).isEqualTo(inner);
  }

  @Test
  void theCarrierSeesOnlyTheRecipient() {
    byte[] wire = SealedEnvelope.seal(alice, bob.publicKey(), inner, random).encode();
    assertThat(SealedEnvelope.decode(wire).recipient()).isEqualTo(bob.publicKey());
    String hex = Bytes.hex(wire);
    assertThat(hex).doesNotContain(Bytes.hex(alice.publicKey().toBytes()));
    assertThat(hex).doesNotContain(Bytes.hex(inner));
    // Two envelopes of the same message look unrelated.
    byte[] again = SealedEnvelope.seal(alice, bob.publicKey(), inner, random).encode();
    assertThat(again).hasSameSizeAs(wire).isNotEqualTo(wire);
  }

  @Test
  void anotherIdentityCannotOpenIt() {
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);
    SealedEnvelope envelope = SealedEnvelope.seal(alice, bob.publicKey(), inner, random);
    assertThatThrownBy(() -> envelope.open(carol)).isInstanceOf(AuthenticationException.class);
    // Re-addressed to Carol, the recipient in the associated data no longer matches.
    SealedEnvelope readdressed = new SealedEnvelope(carol.publicKey(), envelope.ephemeralKey(), envelope.ciphertext());
    assertThatThrownBy(() -> readdressed.open(carol)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aTamperedEnvelopeIsRejected() {
    byte[] wire = SealedEnvelope.seal(alice, bob.publicKey(), inner, random).encode();
    for (int i : new int[] {40, SealedEnvelope.HEADER_LENGTH, wire.length - 1}) {
      byte[] bad = wire.clone();
      bad[i] ^= 1;
      assertThatThrownBy(() -> SealedEnvelope.decode(bad).open(bob)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void aSenderSignatureThatDoesNotCoverThisRecipientIsRejected() {
    // Bob re-seals Alice's signed message to Carol, claiming Alice sent it to her.
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);
    byte[] signatureForBob = alice.sign(SealedEnvelope.DOMAIN, Bytes.concat(bob.publicKey().toBytes(), inner));
    SealedEnvelope resealed = SealedEnvelope.sealSigned(alice.publicKey(), signatureForBob, carol.publicKey(), inner,
        random);
    assertThatThrownBy(() -> resealed.open(carol))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("sender");
  }
}
