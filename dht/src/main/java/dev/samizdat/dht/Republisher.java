package dev.samizdat.dht;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers what this node publishes (its own records and the keys it provides) and says, given the
 * time, which are due to be published again before the network forgets them. A state machine
 * driven by the clock; thread-safe.
 */
public final class Republisher {
  /** Produces the value to publish at a given time (e.g. re-signed with a fresh expiry). */
  public interface ValueSource {
    byte[] valueAt(long nowMillis);
  }

  /** A due record: PUT {@code value} under {@code key}. Provider entries have a null value. */
  public record Due(byte[] key, byte[] value) {}

  private record Entry(byte[] key, ValueSource source, long nextAtMillis) {}

  private final long intervalMillis;
  private final Map<ByteBuffer, Entry> entries = new LinkedHashMap<>();

  public Republisher(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** Tracks a record; it is due one interval after {@code publishedAtMillis}. */
  public synchronized void trackRecord(byte[] key, ValueSource source, long publishedAtMillis) {
    entries.put(ByteBuffer.wrap(key.clone()), new Entry(key.clone(), source, publishedAtMillis + intervalMillis));
  }

  /** Tracks a key this node provides. */
  public synchronized void trackProvider(byte[] key, long providedAtMillis) {
    entries.put(ByteBuffer.wrap(providerTag(key)), new Entry(key.clone(), null, providedAtMillis + intervalMillis));
  }

  /** Whether this node provides {@code key}. */
  public synchronized boolean provides(byte[] key) {
    return entries.containsKey(ByteBuffer.wrap(providerTag(key)));
  }

  public synchronized void untrack(byte[] key) {
    entries.remove(ByteBuffer.wrap(key));
    entries.remove(ByteBuffer.wrap(providerTag(key)));
  }

  /** Everything due at {@code nowMillis}; each is scheduled again one interval later. */
  public synchronized List<Due> takeDue(long nowMillis) {
    List<Due> due = new ArrayList<>();
    for (Map.Entry<ByteBuffer, Entry> m : entries.entrySet()) {
      Entry e = m.getValue();
      if (e.nextAtMillis() <= nowMillis) {
        due.add(new Due(e.key().clone(), e.source() == null ? null : e.source().valueAt(nowMillis)));
        m.setValue(new Entry(e.key(), e.source(), nowMillis + intervalMillis));
      }
    }
    return due;
  }

  public synchronized int size() {
    return entries.size();
  }

  private static byte[] providerTag(byte[] key) {
    byte[] tagged = new byte[key.length + 1];
    tagged[0] = 0;
    System.arraycopy(key, 0, tagged, 1, key.length);
    return tagged;
  }
}
