package dev.samizdat.node.dht;

import dev.samizdat.dht.Scheduler;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHT's time and its worker threads: timers and request handling run on two daemon threads of
 * their own, off the Vert.x event loops, because the DHT's stores write to RocksDB. A task that throws
 * is logged and does not stop the others.
 */
public final class ExecutorDhtScheduler implements Scheduler, Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorDhtScheduler.class);
  private static final int THREADS = 2;

  private final Clock clock;
  private final ScheduledExecutorService executor;

  public ExecutorDhtScheduler(Clock clock) {
    this.clock = clock;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, r -> {
      Thread t = new Thread(r, "samizdat-dht");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
  }

  @Override
  public long nowMillis() {
    return clock.millis();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    var future = executor.schedule(() -> run(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  /** @throws java.util.concurrent.RejectedExecutionException after {@link #close()} (a future fails) */
  @Override
  public void execute(Runnable task) {
    executor.execute(() -> run(task));
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("DHT task failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      // A task still writing to the database must finish before the node closes it.
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
