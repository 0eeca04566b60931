package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519Provider;
import dev.samizdat.crypto.X25519PublicKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * X25519 through our facade: one agreement on each provider, and one key generation with its public
 * key (derived lazily, with Bouncy Castle, whichever provider agrees).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class X25519Benchmark {
  @Param({"CONSCRYPT", "BOUNCY_CASTLE"})
  public X25519Provider provider;

  private SecureRandom random;
  private X25519PrivateKey local;
  private X25519PublicKey remote;

  @Setup
  public void setUp() {
    random = new SecureRandom();
    local = X25519PrivateKey.generate(random);
    remote = X25519PrivateKey.generate(random).publicKey();
  }

  @Benchmark
  public byte[] agree() {
    return local.agree(remote, provider);
  }

  /** Independent of the provider parameter. */
  @Benchmark
  public X25519PublicKey generate() {
    return X25519PrivateKey.generate(random).publicKey();
  }
}
