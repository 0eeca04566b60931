package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.pqxdh.Prekeys.KemPrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.OneTimePrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.SignedPrekey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Makes fresh prekeys, keeps their private halves in a {@link PrekeyStore} and signs the bundle. */
public final class PrekeyGenerator {
  private PrekeyGenerator() {}

  /**
   * A new bundle with a fresh signed prekey, last-resort ML-KEM prekey and the given numbers of
   * one-time prekeys; ids are random and unused in {@code store}.
   */
  public static PrekeyBundle generate(PrekeyStore store, long sequence, int oneTimeCount, int oneTimeKemCount,
      SecureRandom random) {
    if (oneTimeCount < 0 || oneTimeCount > PrekeyBundle.MAX_ONE_TIME_PREKEYS
        || oneTimeKemCount < 0 || oneTimeKemCount > PrekeyBundle.MAX_ONE_TIME_KEM_PREKEYS) {
      throw new IllegalArgumentException("one-time prekey counts out of range");
    }
    Ed25519PrivateKey identity = store.identity();
    X25519PrivateKey spk = X25519PrivateKey.generate(random);
    int spkId = freshId(store, random);
    store.addSignedPrekey(spkId, spk);
    SignedPrekey signed = signPrekey(identity, spkId, spk);

    MlKem768.PrivateKey lastResortKey = MlKem768.PrivateKey.generate(random);
    int lastResortId = freshId(store, random);
    store.addLastResortKemPrekey(lastResortId, lastResortKey);
    KemPrekey lastResort = signKemPrekey(identity, lastResortId, lastResortKey.publicKey(), true);

    List<OneTimePrekey> oneTime = new ArrayList<>();
    for (int i = 0; i < oneTimeCount; i++) {
      X25519PrivateKey k = X25519PrivateKey.generate(random);
      int id = freshId(store, random);
      store.addOneTimePrekey(id, k);
      oneTime.add(new OneTimePrekey(id, k.publicKey()));
    }
    List<KemPrekey> oneTimeKem = new ArrayList<>();
    for (int i = 0; i < oneTimeKemCount; i++) {
      MlKem768.PrivateKey k = MlKem768.PrivateKey.generate(random);
      int id = freshId(store, random);
      store.addOneTimeKemPrekey(id, k);
      oneTimeKem.add(signKemPrekey(identity, id, k.publicKey(), false));
    }
    return PrekeyBundle.sign(identity, sequence, signed, lastResort, oneTime, oneTimeKem);
  }

  public static SignedPrekey signPrekey(Ed25519PrivateKey identity, int id, X25519PrivateKey key) {
    SignedPrekey unsigned = new SignedPrekey(id, key.publicKey(), new byte[64]);
    return new SignedPrekey(id, key.publicKey(), identity.sign(PqxdhDomains.SIGNED_PREKEY, unsigned.signedBytes()));
  }

  public static KemPrekey signKemPrekey(Ed25519PrivateKey identity, int id, MlKem768.PublicKey key, boolean lastResort) {
    KemPrekey unsigned = new KemPrekey(id, key, lastResort, new byte[64]);
    return new KemPrekey(id, key, lastResort, identity.sign(PqxdhDomains.KEM_PREKEY, unsigned.signedBytes()));
  }

  private static int freshId(PrekeyStore store, SecureRandom random) {
    while (true) {
      int id = random.nextInt() & 0x7FFFFFFF;
      if (!store.containsId(id)) {
        return id;
      }
    }
  }
}
