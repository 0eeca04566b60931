package dev.samizdat.dht.net;

import dev.samizdat.dht.record.InvalidRecordException;
import dev.samizdat.dht.record.Selector;
import dev.samizdat.dht.record.Validator;
import java.util.Arrays;
import java.util.List;

/**
 * The rules of the js interop peer's test namespace ({@code /test/…}, libp2p/src/test/js/node.mjs):
 * any value up to 16 KiB is valid; of several, the greatest in unsigned byte order wins.
 */
final class GreatestValueWins implements Validator, Selector {
  static final String NAMESPACE = "test";
  static final int MAX_VALUE = 16 * 1024;

  @Override
  public void validate(byte[] key, byte[] value, long nowMillis) {
    if (value.length > MAX_VALUE) {
      throw new InvalidRecordException("value of " + value.length + " bytes exceeds " + MAX_VALUE);
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (Arrays.compareUnsigned(values.get(i), values.get(best)) > 0) {
        best = i;
      }
    }
    return best;
  }
}
