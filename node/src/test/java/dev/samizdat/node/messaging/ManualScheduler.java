package dev.samizdat.node.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** Virtual time for tests: a settable clock and a scheduler that runs tasks only when told to. */
final class ManualScheduler implements Scheduler {
  /** Tasks run by one {@link #runDue()}: far above any test's needs, low enough to catch a hot loop. */
  private static final int MAX_TASKS_PER_RUN = 200_000;

  private record Task(long due, long order, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due != b.due
      ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long order;
  private volatile long nowMillis = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(nowMillis);
    }
  };

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Task(nowMillis + Math.max(0, delay.toMillis()), order++, task, cancelled));
    return () -> {
      synchronized (ManualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Runs every task due by now, including those they schedule for now. */
  void runDue() {
    for (int i = 0; i < MAX_TASKS_PER_RUN; i++) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > nowMillis) {
          return;
        }
        queue.poll();
        if (next.cancelled[0]) {
          continue;
        }
      }
      next.run.run();
    }
    throw new AssertionError("tasks keep scheduling themselves for now: a hot loop");
  }

  /** Moves time forward in steps to each due task, running them, up to {@code duration} later. */
  void advance(Duration duration) {
    long end = nowMillis + duration.toMillis();
    runDue();
    while (true) {
      long nextDue;
      synchronized (this) {
        queue.removeIf(t -> t.cancelled[0]);
        Task next = queue.peek();
        nextDue = next == null ? Long.MAX_VALUE : next.due;
      }
      if (nextDue > end) {
        break;
      }
      nowMillis = Math.max(nowMillis, nextDue);
      runDue();
    }
    nowMillis = end;
    runDue();
  }

  long nowMillis() {
    return nowMillis;
  }
}
