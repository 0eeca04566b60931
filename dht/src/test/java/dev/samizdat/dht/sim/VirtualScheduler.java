package dev.samizdat.dht.sim;

import dev.samizdat.dht.Scheduler;
import java.util.PriorityQueue;

/**
 * Virtual time for the simulator: tasks run in time order (ties in scheduling order) on the thread
 * that calls {@link #runUntil} or {@link #runUntilIdle}; time jumps from task to task. Not
 * thread-safe: the whole simulation runs on one thread, which makes it deterministic.
 */
public final class VirtualScheduler implements Scheduler {
  private static final class Task implements Cancellable {
    final long at;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(long at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  public VirtualScheduler(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
    queue.add(t);
    return t;
  }

  /** Runs tasks until none is left; returns how many ran. */
  public long runUntilIdle() {
    return runUntil(Long.MAX_VALUE);
  }

  /** Runs the tasks due up to {@code timeMillis}, then sets the clock to it (if it is finite). */
  public long runUntil(long timeMillis) {
    long ran = 0;
    while (!queue.isEmpty() && queue.peek().at <= timeMillis) {
      Task t = queue.poll();
      if (t.cancelled) {
        continue;
      }
      now = t.at;
      t.run.run();
      ran++;
    }
    if (timeMillis != Long.MAX_VALUE) {
      now = Math.max(now, timeMillis);
    }
    return ran;
  }

  /** Moves the clock forward by {@code millis}, running what falls due on the way. */
  public void advance(long millis) {
    runUntil(now + millis);
  }
}
