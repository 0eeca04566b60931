package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link PrekeyStore} in memory, for tests and simulators. Thread-safe (one lock). */
public final class InMemoryPrekeyStore implements PrekeyStore {
  private final Ed25519PrivateKey identity;
  private final X25519PrivateKey identityDh;
  private final Map<Integer, X25519PrivateKey> signed = new HashMap<>();
  private final Map<Integer, MlKem768.PrivateKey> lastResort = new HashMap<>();
  private final Map<Integer, X25519PrivateKey> oneTime = new HashMap<>();
  private final Map<Integer, MlKem768.PrivateKey> oneTimeKem = new HashMap<>();

  public InMemoryPrekeyStore(Ed25519PrivateKey identity) {
    this.identity = identity;
    this.identityDh = IdentityDh.privateKey(identity);
  }

  @Override
  public X25519PrivateKey identityDh() {
    return identityDh;
  }

  @Override
  public Ed25519PrivateKey identity() {
    return identity;
  }

  @Override
  public synchronized void addSignedPrekey(int id, X25519PrivateKey key) {
    signed.put(id, key);
  }

  @Override
  public synchronized void addLastResortKemPrekey(int id, MlKem768.PrivateKey key) {
    lastResort.put(id, key);
  }

  @Override
  public synchronized void addOneTimePrekey(int id, X25519PrivateKey key) {
    oneTime.put(id, key);
  }

  @Override
  public synchronized void addOneTimeKemPrekey(int id, MlKem768.PrivateKey key) {
    oneTimeKem.put(id, key);
  }

  @Override
  public synchronized Optional<X25519PrivateKey> signedPrekey(int id) {
    return Optional.ofNullable(signed.get(id));
  }

  @Override
  public synchronized Optional<MlKem768.PrivateKey> lastResortKemPrekey(int id) {
    return Optional.ofNullable(lastResort.get(id));
  }

  @Override
  public synchronized Optional<X25519PrivateKey> oneTimePrekey(int id) {
    return Optional.ofNullable(oneTime.get(id));
  }

  @Override
  public synchronized Optional<MlKem768.PrivateKey> oneTimeKemPrekey(int id) {
    return Optional.ofNullable(oneTimeKem.get(id));
  }

  @Override
  public synchronized boolean consumeOneTime(PrekeysUsed used) {
    boolean ecOk = used.oneTimePrekeyId().isEmpty() || oneTime.containsKey(used.oneTimePrekeyId().getAsInt());
    boolean kemOk = !used.kemPrekeyIsOneTime() || oneTimeKem.containsKey(used.kemPrekeyId());
    if (!ecOk || !kemOk) {
      return false;
    }
    used.oneTimePrekeyId().ifPresent(oneTime::remove);
    if (used.kemPrekeyIsOneTime()) {
      oneTimeKem.remove(used.kemPrekeyId());
    }
    return true;
  }

  @Override
  public synchronized boolean containsId(int id) {
    return signed.containsKey(id) || lastResort.containsKey(id) || oneTime.containsKey(id)
        || oneTimeKem.containsKey(id);
  }
}
