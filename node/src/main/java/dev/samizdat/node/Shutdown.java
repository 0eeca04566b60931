package dev.samizdat.node;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node has started, to be stopped in reverse order: each part is closed once, a part that
 * fails to close is logged and the rest still close. Thread-safe, idempotent.
 */
final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  /** A part to stop; may throw anything. */
  @FunctionalInterface
  interface Step {
    void close() throws Exception;
  }

  private record Named(String name, Step step) {}

  private final Deque<Named> steps = new ArrayDeque<>();
  private boolean done;

  synchronized <T extends AutoCloseable> T add(String name, T part) {
    steps.push(new Named(name, part::close));
    return part;
  }

  synchronized void onClose(String name, Step step) {
    steps.push(new Named(name, step));
  }

  synchronized void run() {
    if (done) {
      return;
    }
    done = true;
    while (!steps.isEmpty()) {
      Named next = steps.pop();
      try {
        next.step().close();
      } catch (Exception e) {
        LOG.warn("stopping the {} failed: {}", next.name(), e.toString());
      }
    }
  }
}
