package dev.samizdat.crypto.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.MalformedInputException;

/** Decoders of the ratchet package: only MalformedInputException, and what decodes re-encodes exactly. */
class RatchetFuzzTest {

  @FuzzTest
  void ratchetMessageDecodesCanonicallyOrIsRejected(byte[] data) {
    RatchetMessage message;
    try {
      message = RatchetMessage.decode(data);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(message.encode()).isEqualTo(data);
  }

  @FuzzTest
  void sessionStateRestoresExactlyOrIsRejected(byte[] data) {
    RatchetSession session;
    try {
      session = RatchetSession.fromBytes(data);
    } catch (MalformedInputException expected) {
      return;
    }
    byte[] encoded = session.toBytes();
    if (data[0] == SessionCodec.VERSION) {
      assertThat(encoded).isEqualTo(data);
    }
    // An older version is rewritten in the current one, which then restores exactly.
    assertThat(RatchetSession.fromBytes(encoded).toBytes()).isEqualTo(encoded);
  }

  @FuzzTest
  void decryptNeverCorruptsTheSession(byte[] data) {
    TestRandom random = new TestRandom("RatchetFuzzTest");
    RatchetPair pair = RatchetPair.create(random);
    pair.bob().decrypt(pair.alice().encrypt(new byte[] {1}), random);
    byte[] before = pair.bob().toBytes();
    try {
      pair.bob().decrypt(data, random);
    } catch (MalformedInputException | AuthenticationException expected) {
      assertThat(pair.bob().toBytes()).isEqualTo(before);
      return;
    }
    throw new AssertionError("an arbitrary input decrypted");
  }
}
