package dev.samizdat.node;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The node's pool for blocking work that peers cause (inbound messaging requests). */
final class Workers {
  /** RocksDB synced writes dominate; a few threads keep the disk busy without crowding two cores. */
  static final int THREADS = 4;
  /** Work queued beyond this is refused (the stream is reset): a flood cannot grow memory. */
  static final int QUEUE = 1024;

  private Workers() {}

  static ExecutorService create() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "samizdat-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  static void shutdown(ExecutorService pool) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        pool.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
