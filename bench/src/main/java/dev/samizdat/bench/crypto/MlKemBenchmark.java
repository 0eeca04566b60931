package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.MlKem768;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** ML-KEM-768 through our facade (Bouncy Castle): key generation, encapsulation, decapsulation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MlKemBenchmark {
  private SecureRandom random;
  private MlKem768.PrivateKey key;
  private byte[] ciphertext;

  @Setup
  public void setUp() {
    random = new SecureRandom();
    key = MlKem768.PrivateKey.generate(random);
    ciphertext = MlKem768.encapsulate(key.publicKey(), random).ciphertext();
  }

  @Benchmark
  public MlKem768.PrivateKey keygen() {
    return MlKem768.PrivateKey.generate(random);
  }

  @Benchmark
  public MlKem768.Encapsulation encaps() {
    return MlKem768.encapsulate(key.publicKey(), random);
  }

  @Benchmark
  public byte[] decaps() {
    return key.decapsulate(ciphertext);
  }
}
