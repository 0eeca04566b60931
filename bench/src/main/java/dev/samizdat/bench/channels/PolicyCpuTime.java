package dev.samizdat.bench.channels;

import dev.samizdat.bench.CpuTime;

/**
 * CPU time per policy decision with a million rules ({@link PolicyBenchmark}'s set-up), on the
 * thread's CPU clock so that the figure stays meaningful on a shared machine. Run with a heap for
 * the rules: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.samizdat.bench.channels.PolicyCpuTime}
 */
public final class PolicyCpuTime {
  private static final int DECISIONS = 1_000_000;

  private PolicyCpuTime() {}

  public static void main(String[] args) {
    PolicyBenchmark benchmark = new PolicyBenchmark();
    benchmark.rules = 1_000_000;
    benchmark.buildPolicy();
    System.out.printf("decide, blocked target    %7.3f us per decision (CPU)%n",
        CpuTime.microsPerOp(DECISIONS, benchmark::decideBlockedTarget));
    System.out.printf("decide, unblocked target  %7.3f us per decision (CPU)%n",
        CpuTime.microsPerOp(DECISIONS, benchmark::decideUnblockedTarget));
  }
}
