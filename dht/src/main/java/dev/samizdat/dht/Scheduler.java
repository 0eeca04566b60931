package dev.samizdat.dht;

/**
 * Time and timers for the DHT's logic: real time in a node, virtual time in the simulator. Tasks may
 * run on any thread; implementations must be thread-safe.
 */
public interface Scheduler {
  long nowMillis();

  /** Runs {@code task} once, {@code delayMillis} from now, unless cancelled first. */
  Cancellable schedule(long delayMillis, Runnable task);

  interface Cancellable {
    void cancel();
  }
}
