package dev.samizdat.dht.net;

import dev.samizdat.dht.Scheduler;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHT's own thread: a {@link Scheduler} on real time and the {@link Executor} every DHT entry
 * point runs on, so that the logic (and the stores it calls, which may block briefly) never runs on
 * a Vert.x event loop, and runs one event at a time. After {@link #close()} new work is dropped.
 */
final class DhtExecutor implements Scheduler, Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DhtExecutor.class);

  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;

  DhtExecutor(Clock clock, String threadName) {
    this.clock = clock;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nowMillis() {
    return clock.millis();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    try {
      ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  /** @throws RejectedExecutionException after {@link #close()} */
  @Override
  public void execute(Runnable task) {
    executor.execute(guarded(task));
  }

  /** Runs {@code task} on the DHT thread; false (and nothing runs) after {@link #close()}. */
  boolean tryExecute(Runnable task) {
    try {
      executor.execute(guarded(task));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** A task that throws must not kill the thread or vanish silently. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("DHT task failed", e);
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
