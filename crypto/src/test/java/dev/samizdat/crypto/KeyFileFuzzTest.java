package dev.samizdat.crypto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The key-file decoder fails only with the crypto exception family, whatever the bytes. */
class KeyFileFuzzTest {
  /** Keeps fuzzing fast; the memory bound itself is tested in KeyFileTest. */
  private static final int FUZZ_MAX_MEMORY_KIB = 256;

  @FuzzTest
  void decodeRejectsOrReturnsAKey(FuzzedDataProvider data) {
    boolean withPassphrase = data.consumeBoolean();
    byte[] file = data.consumeRemainingAsBytes();
    try {
      Ed25519PrivateKey key = KeyFile.decode(file, withPassphrase ? "fuzz".toCharArray() : null, FUZZ_MAX_MEMORY_KIB);
      if (key == null) {
        throw new AssertionError("decode returned null");
      }
    } catch (CryptoException expected) {
      // MalformedInputException, WrongPassphraseException, KeyFilePassphraseException
    }
  }
}
