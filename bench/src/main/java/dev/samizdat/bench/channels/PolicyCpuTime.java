package dev.samizdat.bench.channels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per policy decision with a million rules ({@link PolicyBenchmark}'s set-up), measured on
 * the thread's CPU clock (best of five rounds) so that the figure stays meaningful on a shared
 * machine where JMH's wall-clock scores swing by several times. Run with a heap for the rules:
 * {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.samizdat.bench.channels.PolicyCpuTime}
 */
public final class PolicyCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int DECISIONS = 1_000_000;
  private static Object sink;

  private PolicyCpuTime() {}

  public static void main(String[] args) {
    PolicyBenchmark benchmark = new PolicyBenchmark();
    benchmark.rules = 1_000_000;
    benchmark.buildPolicy();
    report("decide, blocked target", benchmark::decideBlockedTarget);
    report("decide, unblocked target", benchmark::decideUnblockedTarget);
  }

  private static void report(String name, java.util.function.Supplier<Object> decision) {
    for (int i = 0; i < DECISIONS; i++) {
      sink = decision.get();
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < DECISIONS; i++) {
        sink = decision.get();
      }
      best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
    }
    System.out.printf("%-26s %7.3f us per decision (CPU)%n", name, best / 1000.0 / DECISIONS);
  }
}
