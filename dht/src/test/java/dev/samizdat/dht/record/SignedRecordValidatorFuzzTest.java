package dev.samizdat.dht.record;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class SignedRecordValidatorFuzzTest {
  private final SignedRecordValidator validator = new SignedRecordValidator("sz");

  /** Arbitrary keys and values are accepted or refused with InvalidRecordException, nothing else. */
  @FuzzTest
  void validatorRefusesCleanly(FuzzedDataProvider data) {
    byte[] key = data.consumeBytes(200);
    byte[] value = data.consumeRemainingAsBytes();
    try {
      validator.validate(key, value, 1_700_000_000_000L);
    } catch (InvalidRecordException expected) {
      // refused with a reason
    }
  }
}
