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
import dev.samizdat.node.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * Keeps this node's PQXDH prekeys fresh and published: creates them on first start, rotates the
 * signed prekey and the last-resort ML-KEM prekey together every {@link #SIGNED_PREKEY_ROTATION}
 * (keeping replaced ones while envelopes sealed to them may still sit in mailboxes), tops up one-time
 * prekeys as initial messages use them, and puts a newly signed bundle with the next sequence number
 * into the DHT after every change. Each pass is one synced commit, its bookkeeping included: a crash
 * leaves the keys of the last complete pass and nothing else. Thread-safe.
 */
public final class PrekeyManager {
  /**
   * Signal rotates weekly: a leaked signed prekey then exposes at most a week of new sessions. The
   * last-resort ML-KEM prekey goes with it, for the same bound on the post-quantum half.
   */
  public static final Duration SIGNED_PREKEY_ROTATION = Duration.ofDays(7);
  /** One-time prekeys in the bundle: enough for a burst of new contacts (the bundle allows 100). */
  static final int ONE_TIME_TARGET = 20;
  static final int ONE_TIME_LOW = 10;
  /** One-time ML-KEM prekeys: 1.25 KB each in the DHT record, so fewer. */
  static final int ONE_TIME_KEM_TARGET = 4;
  static final int ONE_TIME_KEM_LOW = 2;

  private final Database db;
  private final RocksPrekeyStore store;
  private final MessagingDht dht;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration keepReplacedFor;

  /**
   * {@code keepReplacedFor}: how long a replaced signed or last-resort prekey stays usable after its
   * replacement (the mailbox retention).
   */
  public PrekeyManager(Database db, RocksPrekeyStore store, MessagingDht dht, Clock clock, SecureRandom random,
      Duration keepReplacedFor) {
    this.db = db;
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
    PrekeyMeta.Builder next = meta.toBuilder();
    Set<Integer> idsTaken = new HashSet<>();
    try (Database.Batch batch = db.batch()) {
      // Before the rotation, which makes the current keys replaced ones: they are kept in full.
      boolean deleted = stageDeletionOfReplaced(store.signedPrekeys(), meta.getSignedPrekeyId(), now,
          id -> store.stageDeleteSignedPrekey(batch, id));
      deleted |= stageDeletionOfReplaced(store.lastResortKemPrekeys(), meta.getLastResortId(), now,
          id -> store.stageDeleteLastResortKemPrekey(batch, id));
      boolean changed = false;
      if (!meta.getInitialised() || now - meta.getSignedPrekeyCreatedAtMillis() >= SIGNED_PREKEY_ROTATION.toMillis()) {
        int signedId = freshId(idsTaken);
        store.stageSignedPrekey(batch, signedId, X25519PrivateKey.generate(random), now);
        int lastResortId = freshId(idsTaken);
        store.stageLastResortKemPrekey(batch, lastResortId, MlKem768.PrivateKey.generate(random), now);
        next.setSignedPrekeyId(signedId).setSignedPrekeyCreatedAtMillis(now).setLastResortId(lastResortId)
            .setInitialised(true);
        changed = true;
      }
      int oneTime = store.oneTimePrekeys().size();
      if (oneTime < ONE_TIME_LOW) {
        for (; oneTime < ONE_TIME_TARGET; oneTime++) {
          store.stageOneTimePrekey(batch, freshId(idsTaken), X25519PrivateKey.generate(random));
        }
        changed = true;
      }
      int kem = store.oneTimeKemPrekeys().size();
      if (kem < ONE_TIME_KEM_LOW) {
        for (; kem < ONE_TIME_KEM_TARGET; kem++) {
          store.stageOneTimeKemPrekey(batch, freshId(idsTaken), MlKem768.PrivateKey.generate(random));
        }
        changed = true;
      }
      if (!changed && !publish) {
        if (deleted) {
          batch.commit(true);
        }
        return CompletableFuture.completedFuture(null);
      }
      next.setSequence(meta.getSequence() + 1);
      store.stageMeta(batch, next.build());
      batch.commit(true);
    }
    PrekeyBundle bundle = bundle(next.build());
    return dht.put(PrekeyRecords.bundleKey(bundle.identity()), bundle.encode()).thenApply(ignored -> bundle);
  }

  /**
   * Stages, through {@code delete}, the deletion of the keys of one rotated kind that were replaced at
   * least {@code keepReplacedFor} ago; returns whether there were any. Keys are replaced in the order
   * they were made, so a key was replaced when the next one was created. Reckoning from that rather
   * than from the key's own age keeps a key that a node stopped for weeks replaces on its return for
   * the whole period, for the envelopes that waited for it in mailboxes.
   */
  private boolean stageDeletionOfReplaced(List<RocksPrekeyStore.Entry> keys, int currentId, long now,
      IntConsumer delete) {
    // Last-resort keys stored before their creation time was recorded read 0, the current one among
    // them: of keys made at the same time, the current one counts as the newest.
    List<RocksPrekeyStore.Entry> oldestFirst = keys.stream()
        .sorted(Comparator.comparingLong(RocksPrekeyStore.Entry::createdAtMillis)
            .thenComparing(e -> e.id() == currentId))
        .toList();
    boolean any = false;
    for (int i = 0; i + 1 < oldestFirst.size(); i++) {
      long replacedAt = oldestFirst.get(i + 1).createdAtMillis();
      if (oldestFirst.get(i).id() != currentId && now - replacedAt >= keepReplacedFor.toMillis()) {
        delete.accept(oldestFirst.get(i).id());
        any = true;
      }
    }
    return any;
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

  /** An id no stored key has, nor one staged in this pass ({@code taken}, to which it is added). */
  private int freshId(Set<Integer> taken) {
    while (true) {
      int id = random.nextInt() & 0x7FFFFFFF;
      if (!taken.contains(id) && !store.containsId(id)) {
        taken.add(id);
        return id;
      }
    }
  }
}
