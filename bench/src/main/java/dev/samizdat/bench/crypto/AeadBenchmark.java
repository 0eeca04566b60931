package dev.samizdat.bench.crypto;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.AeadProvider;
import dev.samizdat.crypto.SymmetricKey;
import java.nio.ByteBuffer;
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
 * One seal plus one open of a message, per provider, algorithm and size. Throughput in MB/s is
 * size × ops/s; the sealer and the opener are separate instances, as in a real connection, and every
 * message takes the next counter nonce.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadBenchmark {
  @Param({"CHACHA20_POLY1305", "AES_256_GCM"})
  public AeadAlgorithm algorithm;

  @Param({"CONSCRYPT", "JDK", "BOUNCY_CASTLE"})
  public AeadProvider provider;

  @Param({"100", "65536"})
  public int size;

  private AeadCipher sealer;
  private AeadCipher opener;
  private byte[] plaintext;
  private byte[] sealed;
  private byte[] opened;
  private final byte[] aad = new byte[8];
  private final byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
  private long counter;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    SymmetricKey key = SymmetricKey.generate(random);
    sealer = Aead.create(algorithm, key, provider);
    opener = Aead.create(algorithm, key, provider);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    sealed = new byte[size + AeadAlgorithm.TAG_LENGTH];
    opened = new byte[size];
  }

  @Benchmark
  public byte[] sealAndOpen() {
    ByteBuffer.wrap(nonce).putLong(4, ++counter);
    sealer.seal(nonce, aad, plaintext, 0, size, sealed, 0);
    opener.open(nonce, aad, sealed, 0, sealed.length, opened, 0);
    return opened;
  }
}
