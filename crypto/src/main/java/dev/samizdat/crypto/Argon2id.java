package dev.samizdat.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106) for keys derived from passphrases. */
public final class Argon2id {
  private Argon2id() {}

  /**
   * Cost parameters. {@link #DEFAULT} follows RFC 9106's second recommended option (64 MiB, t=3),
   * about 0.7 s on this project's reference machine.
   */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    public static final Params DEFAULT = new Params(64 * 1024, 3, 1);
    /** Upper bounds so that a tampered key file cannot make us allocate or loop without end. */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    public static final int MAX_ITERATIONS = 64;
    public static final int MAX_PARALLELISM = 16;

    public Params {
      if (memoryKiB < 8 || memoryKiB > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
          || parallelism < 1 || parallelism > MAX_PARALLELISM || memoryKiB < 8 * parallelism) {
        throw new MalformedInputException("Argon2id parameters out of range: m=" + memoryKiB
            + " KiB, t=" + iterations + ", p=" + parallelism);
      }
    }
  }

  public static byte[] derive(byte[] passphrase, byte[] salt, Params params, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(params.memoryKiB())
        .withIterations(params.iterations())
        .withParallelism(params.parallelism())
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(passphrase, out);
    return out;
  }
}
