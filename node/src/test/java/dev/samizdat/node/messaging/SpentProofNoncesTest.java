package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.SpentProofNonces.Outcome;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpentProofNoncesTest {
  static final Duration REMEMBER = Duration.ofMinutes(10);
  final SecureRandom random = new SecureRandom();
  final SpentProofNonces nonces = new SpentProofNonces(REMEMBER, 3, 10);
  final Ed25519PublicKey owner = key();

  private Ed25519PublicKey key() {
    return Ed25519PrivateKey.generate(random).publicKey();
  }

  private byte[] nonce() {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return nonce;
  }

  @Test
  void aNonceIsRefusedAgainForAsLongAsItIsRememberedAndOnlyForItsRecipient() {
    byte[] nonce = nonce();
    assertThat(nonces.spend(owner, nonce, 0)).isEqualTo(Outcome.FRESH);
    assertThat(nonces.spend(owner, nonce, REMEMBER.toMillis())).isEqualTo(Outcome.REPLAYED);
    assertThat(nonces.spend(key(), nonce, REMEMBER.toMillis())).isEqualTo(Outcome.FRESH);
    assertThat(nonces.spend(owner, nonce, REMEMBER.toMillis() + 1)).isEqualTo(Outcome.FRESH);
  }

  @Test
  void aRecipientsExcessIsRefusedUntilItsOldestProofsAge() {
    for (int i = 0; i < 3; i++) {
      assertThat(nonces.spend(owner, nonce(), i)).isEqualTo(Outcome.FRESH);
    }
    assertThat(nonces.spend(owner, nonce(), 3)).isEqualTo(Outcome.TOO_MANY);
    assertThat(nonces.spend(key(), nonce(), 3)).isEqualTo(Outcome.FRESH);
    assertThat(nonces.spend(owner, nonce(), REMEMBER.toMillis() + 1)).isEqualTo(Outcome.FRESH);
  }

  @Test
  void manyKeysFloodingForgetTheQuietestRecipientInsteadOfRefusingAnyone() {
    byte[] nonce = nonce();
    nonces.spend(owner, nonce, 0);
    for (int i = 0; i < 20; i++) {
      assertThat(nonces.spend(key(), nonce(), 1)).isEqualTo(Outcome.FRESH);
    }
    assertThat(nonces.remembered()).isEqualTo(10);
    assertThat(nonces.spend(owner, nonce(), 2)).isEqualTo(Outcome.FRESH);

    // Once their proofs age, the flooding keys are dropped from the head as other proofs arrive.
    assertThat(nonces.spend(owner, nonce(), REMEMBER.toMillis() + 2)).isEqualTo(Outcome.FRESH);
    assertThat(nonces.recipients()).isEqualTo(1);
    assertThat(nonces.remembered()).isEqualTo(2);
  }
}
