package dev.samizdat.bench.crypto;

import dev.samizdat.bench.CpuTime;

/**
 * CPU time per operation of the PQXDH and ratchet benchmarks, measured with the thread's CPU clock
 * (best of five rounds) so that figures stay meaningful on a shared, overloaded machine where JMH's
 * wall-clock scores swing by several times. Run:
 * {@code java -cp bench/target/benchmarks.jar dev.samizdat.bench.crypto.RatchetCpuTime}
 */
public final class RatchetCpuTime {
  private RatchetCpuTime() {}

  public static void main(String[] args) {
    for (int size : new int[] {100, 4096}) {
      RatchetBenchmark r = new RatchetBenchmark();
      r.size = size;
      r.setUp();
      report("ratchet oneWay " + size + " B", 20_000, r::oneWay);
      report("ratchet pingPong " + size + " B", 1_000, r::pingPong);
    }
    PqxdhBenchmark p = new PqxdhBenchmark();
    p.setUp();
    report("pqxdh initiator", 300, p::initiator);
    report("pqxdh responder", 300, p::responder);
  }

  private static void report(String name, int n, java.util.function.Supplier<Object> op) {
    double micros = CpuTime.microsPerOp(n, op);
    System.out.printf("%-24s %9.2f us/op CPU  (%,.0f ops/s per core)%n", name, micros, 1e6 / micros);
  }
}
