package dev.samizdat.crypto.pqxdh;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.MalformedInputException;

/** PQXDH decoders: only MalformedInputException, and what decodes re-encodes exactly. */
class PqxdhFuzzTest {

  @FuzzTest
  void prekeyBundleDecodesCanonicallyOrIsRejected(byte[] data) {
    PrekeyBundle bundle;
    try {
      bundle = PrekeyBundle.decode(data);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(bundle.encode()).isEqualTo(data);
    try {
      bundle.verify();
    } catch (AuthenticationException expected) {
      // a well-formed bundle with bad signatures: the verifier says so, without crashing
    }
  }

  @FuzzTest
  void initialMessageDecodesCanonicallyOrIsRejected(byte[] data) {
    InitialMessage message;
    try {
      message = InitialMessage.decode(data);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(message.encode()).isEqualTo(data);
  }
}
