package dev.samizdat.dht.provider;

import dev.samizdat.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ProviderStore} in memory: for tests, the simulator, and nodes without a disk. */
public final class InMemoryProviderStore implements ProviderStore {
  private final Map<ByteBuffer, Map<PeerId, Provider>> byKey = new HashMap<>();
  private final Map<PeerId, Integer> perPeer = new HashMap<>();
  private int size;

  @Override
  public synchronized void put(byte[] key, Provider provider) {
    Map<PeerId, Provider> providers =
        byKey.computeIfAbsent(ByteBuffer.wrap(key.clone()), k -> new LinkedHashMap<>());
    if (providers.put(provider.peer().id(), provider) == null) {
      perPeer.merge(provider.peer().id(), 1, Integer::sum);
      size++;
    }
  }

  @Override
  public synchronized List<Provider> get(byte[] key, long nowMillis, int limit) {
    Map<PeerId, Provider> providers = byKey.get(ByteBuffer.wrap(key));
    if (providers == null) {
      return List.of();
    }
    return providers.values().stream()
        .filter(p -> p.expiresAtMillis() > nowMillis)
        .sorted(Comparator.comparingLong(Provider::expiresAtMillis).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean contains(byte[] key, PeerId peer) {
    Map<PeerId, Provider> providers = byKey.get(ByteBuffer.wrap(key));
    return providers != null && providers.containsKey(peer);
  }

  @Override
  public synchronized int countForKey(byte[] key) {
    Map<PeerId, Provider> providers = byKey.get(ByteBuffer.wrap(key));
    return providers == null ? 0 : providers.size();
  }

  @Override
  public synchronized int countFor(PeerId peer) {
    return perPeer.getOrDefault(peer, 0);
  }

  @Override
  public synchronized int size() {
    return size;
  }

  @Override
  public synchronized void evictSoonestExpiring(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key);
    Map<PeerId, Provider> providers = byKey.get(k);
    if (providers == null || providers.isEmpty()) {
      return;
    }
    Provider victim = providers.values().stream()
        .min(Comparator.comparingLong(Provider::expiresAtMillis)).orElseThrow();
    remove(k, providers, victim.peer().id());
  }

  @Override
  public synchronized int removeExpired(long nowMillis) {
    int removed = 0;
    for (var keyIt = byKey.entrySet().iterator(); keyIt.hasNext(); ) {
      Map<PeerId, Provider> providers = keyIt.next().getValue();
      for (var it = providers.values().iterator(); it.hasNext(); ) {
        Provider p = it.next();
        if (p.expiresAtMillis() <= nowMillis) {
          it.remove();
          release(p.peer().id());
          removed++;
        }
      }
      if (providers.isEmpty()) {
        keyIt.remove();
      }
    }
    return removed;
  }

  private void remove(ByteBuffer key, Map<PeerId, Provider> providers, PeerId peer) {
    if (providers.remove(peer) != null) {
      release(peer);
      if (providers.isEmpty()) {
        byKey.remove(key);
      }
    }
  }

  private void release(PeerId peer) {
    size--;
    perPeer.computeIfPresent(peer, (k, v) -> v == 1 ? null : v - 1);
  }
}
