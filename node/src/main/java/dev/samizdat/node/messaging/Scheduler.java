package dev.samizdat.node.messaging;

import java.time.Duration;

/**
 * Runs tasks later. Injected so that tests and simulators drive time themselves; the node uses
 * {@link ExecutorScheduler}. Implementations are thread-safe; tasks may run on any thread, never on
 * the caller's thread inside {@link #schedule}.
 */
public interface Scheduler {
  /** Runs {@code task} once after {@code delay} (zero: soon). */
  Cancellable schedule(Duration delay, Runnable task);

  interface Cancellable {
    void cancel();
  }
}
