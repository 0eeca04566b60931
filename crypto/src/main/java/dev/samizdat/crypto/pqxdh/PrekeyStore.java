package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import java.util.Optional;

/**
 * The responder's private prekeys. Implementations are thread-safe; the durable one lives in
 * {@code node}. One-time prekeys of both kinds are used exactly once: {@link #consumeOneTime} removes
 * them atomically, and only the first caller for a given key succeeds.
 */
public interface PrekeyStore {
  Ed25519PrivateKey identity();

  /** The X25519 form of {@link #identity()} ({@link IdentityDh}); implementations may keep it. */
  default X25519PrivateKey identityDh() {
    return IdentityDh.privateKey(identity());
  }

  void addSignedPrekey(int id, X25519PrivateKey key);

  void addLastResortKemPrekey(int id, MlKem768.PrivateKey key);

  void addOneTimePrekey(int id, X25519PrivateKey key);

  void addOneTimeKemPrekey(int id, MlKem768.PrivateKey key);

  Optional<X25519PrivateKey> signedPrekey(int id);

  Optional<MlKem768.PrivateKey> lastResortKemPrekey(int id);

  /** Looks without consuming; empty when unknown or already used. */
  Optional<X25519PrivateKey> oneTimePrekey(int id);

  /** Looks without consuming; empty when unknown or already used. */
  Optional<MlKem768.PrivateKey> oneTimeKemPrekey(int id);

  /**
   * Removes the one-time prekeys that {@code used} names, all or none.
   *
   * @return false when any of them is already gone (then nothing is removed)
   */
  boolean consumeOneTime(PrekeysUsed used);

  /** Whether an id is taken by any prekey, so that a generator picks fresh ids. */
  boolean containsId(int id);
}
