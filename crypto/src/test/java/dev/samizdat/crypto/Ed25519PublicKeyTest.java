package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Ed25519PublicKeyTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aKeySeenAgainIsTheValidatedInstanceAndStillVerifies() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    byte[] encoded = key.publicKey().toBytes();
    Ed25519PublicKey first = Ed25519PublicKey.fromBytes(encoded);
    assertThat(Ed25519PublicKey.fromBytes(encoded)).isSameAs(first);
    byte[] signature = key.sign(new byte[] {1, 2, 3});
    assertThat(first.verify(new byte[] {1, 2, 3}, signature)).isTrue();
    assertThat(first.verify(new byte[] {1, 2, 4}, signature)).isFalse();
  }

  @Test
  void aPointOffTheCurveIsRefusedEveryTime() {
    byte[] offCurve = new byte[32];
    for (offCurve[0] = 2; isOnCurve(offCurve); offCurve[0]++) {
      // about half of all y have no x on edwards25519: the search ends within a few steps
    }
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Ed25519PublicKey.fromBytes(offCurve)).isInstanceOf(MalformedInputException.class);
    }
  }

  private static boolean isOnCurve(byte[] encoded) {
    try {
      Ed25519PublicKey.fromBytes(encoded);
      return true;
    } catch (MalformedInputException e) {
      return false;
    }
  }

  @Test
  void theCacheOfValidatedKeysStaysBounded() {
    for (int i = 0; i <= Ed25519PublicKey.MAX_VALIDATED; i++) {
      Ed25519PublicKey.fromBytes(Ed25519PrivateKey.generate(random).publicKey().toBytes());
    }
    assertThat(Ed25519PublicKey.validatedCount()).isLessThanOrEqualTo(Ed25519PublicKey.MAX_VALIDATED);
  }
}
