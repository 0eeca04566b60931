package dev.samizdat.node.dht;

import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.dht.record.InvalidRecordException;
import dev.samizdat.dht.record.Selector;
import dev.samizdat.dht.record.Validator;
import dev.samizdat.node.messaging.PrekeyRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The DHT namespace of prekey bundles. Messaging names a bundle by a bare 32-byte hash
 * ({@link PrekeyRecords#bundleKey}); the DHT refuses keys outside a registered namespace, so the
 * record key on the wire is {@code /szpk/} followed by those 32 bytes. Valid and best as
 * {@link PrekeyRecords} says: verified bundle of the key's identity, highest sequence wins. Pure and
 * thread-safe.
 */
public final class PrekeyNamespace implements Validator, Selector {
  public static final String NAMESPACE = "szpk";
  private static final byte[] PREFIX = ("/" + NAMESPACE + "/").getBytes(StandardCharsets.US_ASCII);

  /** The DHT record key of a messaging key. */
  public static byte[] dhtKey(byte[] messagingKey) {
    byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + messagingKey.length);
    System.arraycopy(messagingKey, 0, key, PREFIX.length, messagingKey.length);
    return key;
  }

  static byte[] messagingKey(byte[] dhtKey) {
    if (dhtKey.length <= PREFIX.length || !Arrays.equals(dhtKey, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new InvalidRecordException("not a /" + NAMESPACE + "/ key");
    }
    return Arrays.copyOfRange(dhtKey, PREFIX.length, dhtKey.length);
  }

  @Override
  public void validate(byte[] key, byte[] value, long nowMillis) {
    if (PrekeyRecords.validate(messagingKey(key), value).isEmpty()) {
      throw new InvalidRecordException("not a valid prekey bundle for its key");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    byte[] messagingKey = messagingKey(key);
    int best = 0;
    long bestSequence = Long.MIN_VALUE;
    for (int i = 0; i < values.size(); i++) {
      long sequence = PrekeyRecords.validate(messagingKey, values.get(i)).map(PrekeyBundle::sequence)
          .orElse(Long.MIN_VALUE);
      if (sequence > bestSequence) {
        best = i;
        bestSequence = sequence;
      }
    }
    return best;
  }
}
