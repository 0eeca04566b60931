package dev.samizdat.node;

import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.messaging.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's prekey bundle in the DHT. Messaging publishes it on start, but a node that starts
 * alone (the first node of a network, or one whose peers are all down) has nobody to store it with;
 * this retries until a publication succeeds, then republishes well within the DHT's 48-hour record
 * lifetime.
 */
final class BundlePublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BundlePublisher.class);
  /** Short at first, so that a peer joining finds the first node's bundle soon after; then backing off. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofMinutes(1);
  /** A quarter of the DHT's record lifetime: three chances before holders forget it. */
  static final Duration REPUBLISH = Duration.ofHours(12);

  private final Messaging messaging;
  private final Scheduler scheduler;
  private final AtomicReference<Scheduler.Cancellable> next = new AtomicReference<>();
  private volatile boolean closed;
  private volatile Duration retry = FIRST_RETRY;

  BundlePublisher(Messaging messaging, Scheduler scheduler) {
    this.messaging = messaging;
    this.scheduler = scheduler;
  }

  /** Starts the cycle; {@code published} says whether the start-up publication already succeeded. */
  void start(boolean published) {
    schedule(published ? REPUBLISH : FIRST_RETRY);
  }

  private void schedule(Duration delay) {
    if (!closed) {
      next.set(scheduler.schedule(delay, this::publish));
    }
  }

  private void publish() {
    if (closed) {
      return;
    }
    messaging.publishPrekeys().whenComplete((v, e) -> {
      if (e != null) {
        LOG.debug("prekey bundle not published yet: {}", e.toString());
        Duration delay = retry;
        retry = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
        schedule(delay);
      } else {
        LOG.debug("prekey bundle published");
        retry = FIRST_RETRY;
        schedule(REPUBLISH);
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    var n = next.get();
    if (n != null) {
      n.cancel();
    }
  }
}
