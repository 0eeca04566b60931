package dev.samizdat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * CPU time per operation on the thread's CPU clock (best of five rounds after a warm-up), for the
 * figures that must stay meaningful on a shared, overloaded machine, where JMH's wall-clock scores
 * swing by several times because the benchmark waits for a core.
 */
public final class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 5;
  /** Keeps results alive so that the JIT cannot drop the measured work. */
  private static volatile Object sink;

  private CpuTime() {}

  /** Runs {@code op} {@code n} times to warm up, then five rounds of {@code n}; returns µs per op. */
  public static double microsPerOp(int n, Supplier<Object> op) {
    for (int i = 0; i < n; i++) {
      sink = op.get();
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = op.get();
      }
      best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
    }
    return best / 1000.0 / n;
  }
}
