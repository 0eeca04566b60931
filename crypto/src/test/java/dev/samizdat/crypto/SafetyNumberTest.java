package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {
  private final SecureRandom random = DeterministicRandom.seeded("safety number test");
  private final Ed25519PublicKey alice = Ed25519PrivateKey.generate(random).publicKey();
  private final Ed25519PublicKey bob = Ed25519PrivateKey.generate(random).publicKey();
  private final Ed25519PublicKey mallory = Ed25519PrivateKey.generate(random).publicKey();

  @Test
  void bothSidesSeeTheSameSixtyDigitsInTwelveGroups() {
    SafetyNumber atAlice = SafetyNumber.of(alice, bob);
    SafetyNumber atBob = SafetyNumber.of(bob, alice);
    assertThat(atAlice.digits()).isEqualTo(atBob.digits()).hasSize(60).containsOnlyDigits();
    assertThat(atAlice).isEqualTo(atBob);
    assertThat(atAlice.groups()).hasSize(12).allSatisfy(g -> assertThat(g).hasSize(5));
    assertThat(atAlice.displayString()).hasSize(60 + 11).isEqualTo(atBob.displayString());
  }

  @Test
  void changesWhenEitherKeyChanges() {
    SafetyNumber real = SafetyNumber.of(alice, bob);
    assertThat(SafetyNumber.of(alice, mallory)).isNotEqualTo(real);
    assertThat(SafetyNumber.of(mallory, bob)).isNotEqualTo(real);
    // a man in the middle shows each side a different number
    assertThat(SafetyNumber.of(alice, mallory)).isNotEqualTo(SafetyNumber.of(bob, mallory));
  }

  /** Recomputes the documented derivation independently of the class's code path. */
  @Test
  void digitsFollowTheDocumentedDerivation() throws Exception {
    byte[] key = alice.toBytes();
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    byte[] label = "samizdat/safety-number/v1".getBytes();
    byte[] hash = sha512.digest(Bytes.concat(new byte[] {(byte) label.length}, label, key));
    for (int i = 0; i < 5200; i++) {
      hash = sha512.digest(Bytes.concat(hash, key));
    }
    StringBuilder expected = new StringBuilder();
    for (int chunk = 0; chunk < 6; chunk++) {
      long value = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(hash, chunk * 5, chunk * 5 + 5)).longValue();
      expected.append(String.format("%05d", value % 100000));
    }
    assertThat(SafetyNumber.digitsOf(SafetyNumber.fingerprint(alice))).isEqualTo(expected.toString());
    assertThat(SafetyNumber.of(alice, alice).digits()).isEqualTo(expected.toString() + expected);
  }

  @Test
  void aScannedPayloadFromThePeerMatches() {
    byte[] shownByBob = SafetyNumber.of(bob, alice).scannablePayload();
    assertThat(shownByBob).hasSize(SafetyNumber.PAYLOAD_LENGTH);
    assertThat(SafetyNumber.of(alice, bob).matchesScanned(shownByBob)).isTrue();
  }

  @Test
  void aScannedPayloadForOtherKeysDoesNotMatch() {
    SafetyNumber atAlice = SafetyNumber.of(alice, bob);
    assertThat(atAlice.matchesScanned(SafetyNumber.of(mallory, alice).scannablePayload())).isFalse();
    assertThat(atAlice.matchesScanned(SafetyNumber.of(bob, mallory).scannablePayload())).isFalse();
    // her own payload (shower and scanner swapped) is not the peer's
    assertThat(atAlice.matchesScanned(atAlice.scannablePayload())).isFalse();
    byte[] tampered = SafetyNumber.of(bob, alice).scannablePayload();
    tampered[40] ^= 1;
    assertThat(atAlice.matchesScanned(tampered)).isFalse();
  }

  @Test
  void malformedPayloadsAreRejected() {
    SafetyNumber atAlice = SafetyNumber.of(alice, bob);
    byte[] good = SafetyNumber.of(bob, alice).scannablePayload();
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 2;
    assertThatThrownBy(() -> atAlice.matchesScanned(wrongVersion)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> atAlice.matchesScanned(java.util.Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> atAlice.matchesScanned(java.util.Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> atAlice.matchesScanned(new byte[0])).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> atAlice.matchesScanned(null)).isInstanceOf(MalformedInputException.class);
  }
}
