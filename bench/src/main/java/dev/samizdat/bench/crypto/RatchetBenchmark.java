package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.ratchet.RatchetSession;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Double Ratchet: one message encrypted by one side and decrypted by the other, per operation.
 * {@code oneWay} stays in one sending chain (symmetric ratchet only, the common case of a burst);
 * {@code pingPong} alternates direction, so every message also takes a DH ratchet step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RatchetBenchmark {
  @Param({"100", "4096"})
  public int size;

  private final SecureRandom random = new SecureRandom();
  private RatchetSession alice;
  private RatchetSession bob;
  private byte[] plaintext;
  private boolean aliceSends;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    byte[] ad = new byte[64];
    X25519PrivateKey prekey = X25519PrivateKey.generate(random);
    alice = RatchetSession.initiator(sk, prekey.publicKey(), ad, random);
    bob = RatchetSession.responder(sk, prekey, ad);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    bob.decrypt(alice.encrypt(plaintext), random);
  }

  @Benchmark
  public byte[] oneWay() {
    return bob.decrypt(alice.encrypt(plaintext), random);
  }

  @Benchmark
  public byte[] pingPong() {
    aliceSends = !aliceSends;
    return aliceSends ? bob.decrypt(alice.encrypt(plaintext), random) : alice.decrypt(bob.encrypt(plaintext), random);
  }
}
