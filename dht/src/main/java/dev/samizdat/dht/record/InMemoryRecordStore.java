package dev.samizdat.dht.record;

import dev.samizdat.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A {@link RecordStore} in memory: for tests, the simulator, and nodes without a disk. */
public final class InMemoryRecordStore implements RecordStore {
  private final Map<ByteBuffer, Stored> records = new HashMap<>();
  private final Map<PeerId, Integer> perPeer = new HashMap<>();

  @Override
  public synchronized Optional<Stored> get(byte[] key) {
    return Optional.ofNullable(records.get(ByteBuffer.wrap(key)));
  }

  @Override
  public synchronized void put(Stored record) {
    Stored old = records.put(ByteBuffer.wrap(record.key()), record);
    if (old != null) {
      release(old.from());
    }
    perPeer.merge(record.from(), 1, Integer::sum);
  }

  @Override
  public synchronized void remove(byte[] key) {
    Stored old = records.remove(ByteBuffer.wrap(key));
    if (old != null) {
      release(old.from());
    }
  }

  @Override
  public synchronized int size() {
    return records.size();
  }

  @Override
  public synchronized int countFrom(PeerId peer) {
    return perPeer.getOrDefault(peer, 0);
  }

  @Override
  public synchronized int removeIf(Predicate<Stored> condition) {
    int removed = 0;
    var it = records.values().iterator();
    while (it.hasNext()) {
      Stored s = it.next();
      if (condition.test(s)) {
        it.remove();
        release(s.from());
        removed++;
      }
    }
    return removed;
  }

  private void release(PeerId peer) {
    perPeer.computeIfPresent(peer, (k, v) -> v == 1 ? null : v - 1);
  }
}
