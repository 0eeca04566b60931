package dev.samizdat.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MalformedInputException;

/** The envelope decoder and opener: only MalformedInputException or AuthenticationException. */
class SealedEnvelopeFuzzTest {
  private static final Ed25519PrivateKey RECIPIENT = Ed25519PrivateKey.fromSeed(new byte[32]);

  @FuzzTest
  void envelopeDecodesCanonicallyOrIsRejected(byte[] data) {
    SealedEnvelope envelope;
    try {
      envelope = SealedEnvelope.decode(data);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(envelope.encode()).isEqualTo(data);
    try {
      envelope.open(RECIPIENT);
    } catch (AuthenticationException | MalformedInputException expected) {
      // not for this recipient, or not authentic
    }
  }
}
