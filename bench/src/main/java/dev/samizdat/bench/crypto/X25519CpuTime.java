package dev.samizdat.bench.crypto;

import dev.samizdat.bench.CpuTime;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519Provider;
import dev.samizdat.crypto.X25519PublicKey;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * CPU time per X25519 operation on each provider, with the thread's CPU clock (best of five rounds),
 * for the same reason as {@link RatchetCpuTime}: JMH's wall clock is meaningless on a loaded machine.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.samizdat.bench.crypto.X25519CpuTime}
 */
public final class X25519CpuTime {

  private X25519CpuTime() {}

  public static void main(String[] args) {
    SecureRandom random = new SecureRandom();
    X25519PrivateKey local = X25519PrivateKey.generate(random);
    X25519PublicKey remote = X25519PrivateKey.generate(random).publicKey();
    for (X25519Provider provider : X25519Provider.values()) {
      if (provider.isAvailable()) {
        report("agree " + provider, 3_000, () -> local.agree(remote, provider));
        report("generate+agree " + provider, 3_000,
            () -> X25519PrivateKey.generate(random).agree(remote, provider));
      }
    }
    report("generate+publicKey", 3_000, () -> X25519PrivateKey.generate(random).publicKey());
  }

  private static void report(String name, int n, Supplier<Object> op) {
    System.out.printf("%-30s %8.2f us/op CPU%n", name, CpuTime.microsPerOp(n, op));
  }
}
