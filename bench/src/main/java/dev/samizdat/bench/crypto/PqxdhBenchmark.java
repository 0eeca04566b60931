package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.pqxdh.InMemoryPrekeyStore;
import dev.samizdat.crypto.pqxdh.InitialMessage;
import dev.samizdat.crypto.pqxdh.Pqxdh;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.crypto.pqxdh.PrekeyGenerator;
import dev.samizdat.crypto.pqxdh.PrekeyStore;
import dev.samizdat.crypto.pqxdh.PrekeysUsed;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PQXDH session setup per side, with a full bundle (one-time X25519 and ML-KEM prekeys, so four DHs
 * and a one-time KEM key), including the first 100-byte ratchet message. The responder's store
 * never consumes here, so that one initial message can be accepted again and again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PqxdhBenchmark {
  private final SecureRandom random = new SecureRandom();
  private Ed25519PrivateKey alice;
  private PrekeyBundle bundle;
  private PrekeyStore bobStore;
  private InitialMessage initial;
  private final byte[] first = new byte[100];

  @Setup(Level.Trial)
  public void setUp() {
    alice = Ed25519PrivateKey.generate(random);
    InMemoryPrekeyStore store = new InMemoryPrekeyStore(Ed25519PrivateKey.generate(random));
    bundle = PrekeyGenerator.generate(store, 1, 100, 16, random);
    bobStore = new NeverConsumingStore(store);
    initial = Pqxdh.initiate(alice, bundle, first, random).message();
  }

  @Benchmark
  public Object initiator() {
    return Pqxdh.initiate(alice, bundle, first, random);
  }

  @Benchmark
  public Object responder() {
    return Pqxdh.respond(bobStore, initial, random);
  }

  private record NeverConsumingStore(PrekeyStore inner) implements PrekeyStore {
    @Override
    public X25519PrivateKey identityDh() {
      return inner.identityDh();
    }

    @Override
    public Ed25519PrivateKey identity() {
      return inner.identity();
    }

    @Override
    public void addSignedPrekey(int id, X25519PrivateKey key) {
      inner.addSignedPrekey(id, key);
    }

    @Override
    public void addLastResortKemPrekey(int id, MlKem768.PrivateKey key) {
      inner.addLastResortKemPrekey(id, key);
    }

    @Override
    public void addOneTimePrekey(int id, X25519PrivateKey key) {
      inner.addOneTimePrekey(id, key);
    }

    @Override
    public void addOneTimeKemPrekey(int id, MlKem768.PrivateKey key) {
      inner.addOneTimeKemPrekey(id, key);
    }

    @Override
    public Optional<X25519PrivateKey> signedPrekey(int id) {
      return inner.signedPrekey(id);
    }

    @Override
    public Optional<MlKem768.PrivateKey> lastResortKemPrekey(int id) {
      return inner.lastResortKemPrekey(id);
    }

    @Override
    public Optional<X25519PrivateKey> oneTimePrekey(int id) {
      return inner.oneTimePrekey(id);
    }

    @Override
    public Optional<MlKem768.PrivateKey> oneTimeKemPrekey(int id) {
      return inner.oneTimeKemPrekey(id);
    }

    @Override
    public boolean consumeOneTime(PrekeysUsed used) {
      return true;
    }

    @Override
    public boolean containsId(int id) {
      return inner.containsId(id);
    }
  }
}
