package dev.samizdat.node.messaging;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.crypto.pqxdh.PrekeyGenerator;
import dev.samizdat.crypto.pqxdh.Prekeys.KemPrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.OneTimePrekey;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.PrekeyMeta;
import dev.samizdat.node.messaging.store.RocksPrekeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps this node's PQXDH prekeys fresh and published: creates them on first start, rotates the
 * signed prekey every {@link #SIGNED_PREKEY_ROTATION} (keeping the old one while envelopes sealed to
 * it may still sit in mailboxes), tops up one-time prekeys as initial messages use them, and puts a
 * newly signed bundle with the next sequence number into the DHT after every change. Thread-safe.
 */
public final class PrekeyManager {
  /** Signal rotates weekly: a leaked signed prekey then exposes at most a week of new sessions. */
  public static final Duration SIGNED_PREKEY_ROTATION = Duration.ofDays(7);
  /** One-time prekeys in the bundle: enough for a burst of new contacts (the bundle allows 100). */
  static final int ONE_TIME_TARGET = 20;
  static final int ONE_TIME_LOW = 10;
  /** One-time ML-KEM prekeys: 1.25 KB each in the DHT record, so fewer. */
  static final int ONE_TIME_KEM_TARGET = 4;
  static final int ONE_TIME_KEM_LOW = 2;

  private final RocksPrekeyStore store;
  private final MessagingDht dht;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration keepReplacedFor;

  /** {@code keepReplacedFor}: how long a replaced signed prekey stays usable (the mailbox retention). */
  public PrekeyManager(RocksPrekeyStore store, MessagingDht dht, Clock clock, SecureRandom random,
      Duration keepReplacedFor) {
    this.store = store;
    this.dht = dht;
    this.clock = clock;
    this.random = random;
    this.keepReplacedFor = keepReplacedFor;
  }

  /**
   * Brings the prekeys up to date and publishes a new bundle if anything changed or {@code publish}
   * asks for it (after one-time prekeys were used). The future completes when the DHT took the record.
   */
  public synchronized CompletableFuture<PrekeyBundle> maintain(boolean publish) {
    long now = clock.millis();
    PrekeyMeta meta = store.meta();
    boolean changed = false;
    PrekeyMeta.Builder next = meta.toBuilder();
    if (!meta.getInitialised()) {
      MlKem768.PrivateKey lastResort = MlKem768.PrivateKey.generate(random);
      int id = freshId();
      store.addLastResortKemPrekey(id, lastResort);
      next.setLastResortId(id).setInitialised(true);
      changed = true;
    }
    if (!meta.getInitialised() || now - meta.getSignedPrekeyCreatedAtMillis() >= SIGNED_PREKEY_ROTATION.toMillis()) {
      int id = freshId();
      store.addSignedPrekey(id, X25519PrivateKey.generate(random), now);
      next.setSignedPrekeyId(id).setSignedPrekeyCreatedAtMillis(now);
      changed = true;
    }
    long oldest = now - SIGNED_PREKEY_ROTATION.toMillis() - keepReplacedFor.toMillis();
    for (RocksPrekeyStore.Entry e : store.signedPrekeys()) {
      if (e.id() != next.getSignedPrekeyId() && e.createdAtMillis() < oldest) {
        store.deleteSignedPrekey(e.id());
      }
    }
    int oneTime = store.oneTimePrekeys().size();
    if (oneTime < ONE_TIME_LOW) {
      for (; oneTime < ONE_TIME_TARGET; oneTime++) {
        store.addOneTimePrekey(freshId(), X25519PrivateKey.generate(random));
      }
      changed = true;
    }
    int kem = store.oneTimeKemPrekeys().size();
    if (kem < ONE_TIME_KEM_LOW) {
      for (; kem < ONE_TIME_KEM_TARGET; kem++) {
        store.addOneTimeKemPrekey(freshId(), MlKem768.PrivateKey.generate(random));
      }
      changed = true;
    }
    if (!changed && !publish) {
      return CompletableFuture.completedFuture(null);
    }
    next.setSequence(meta.getSequence() + 1);
    PrekeyBundle bundle = bundle(next.build());
    store.putMeta(next.build());
    return dht.put(PrekeyRecords.bundleKey(bundle.identity()), bundle.encode()).thenApply(ignored -> bundle);
  }

  private PrekeyBundle bundle(PrekeyMeta meta) {
    Ed25519PrivateKey identity = store.identity();
    X25519PrivateKey spk = store.signedPrekey(meta.getSignedPrekeyId())
        .orElseThrow(() -> new MessagingException("the current signed prekey is missing from the store"));
    MlKem768.PrivateKey lastResort = store.lastResortKemPrekey(meta.getLastResortId())
        .orElseThrow(() -> new MessagingException("the last-resort ML-KEM prekey is missing from the store"));
    List<OneTimePrekey> oneTime = new ArrayList<>();
    for (RocksPrekeyStore.Entry e : store.oneTimePrekeys()) {
      if (oneTime.size() < PrekeyBundle.MAX_ONE_TIME_PREKEYS) {
        oneTime.add(new OneTimePrekey(e.id(), X25519PrivateKey.fromBytes(e.privateKey()).publicKey()));
      }
    }
    List<KemPrekey> oneTimeKem = new ArrayList<>();
    for (RocksPrekeyStore.Entry e : store.oneTimeKemPrekeys()) {
      if (oneTimeKem.size() < PrekeyBundle.MAX_ONE_TIME_KEM_PREKEYS) {
        oneTimeKem.add(PrekeyGenerator.signKemPrekey(identity, e.id(),
            MlKem768.PrivateKey.fromSeed(e.privateKey()).publicKey(), false));
      }
    }
    return PrekeyBundle.sign(identity, meta.getSequence(),
        PrekeyGenerator.signPrekey(identity, meta.getSignedPrekeyId(), spk),
        PrekeyGenerator.signKemPrekey(identity, meta.getLastResortId(), lastResort.publicKey(), true),
        oneTime, oneTimeKem);
  }

  private int freshId() {
    while (true) {
      int id = random.nextInt() & 0x7FFFFFFF;
      if (!store.containsId(id)) {
        return id;
      }
    }
  }
}
