package dev.samizdat.libp2p.interop;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The events a js peer reported, oldest first, and the callers waiting for some to arrive. Keeps at
 * most {@link #MAX_EVENTS}, dropping the oldest. Thread-safe; waiters complete on the thread that
 * adds the event, outside the lock.
 */
final class JsEventLog {
  /** A runaway peer must not exhaust the test JVM's heap. */
  static final int MAX_EVENTS = 10_000;

  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  /** Completes once {@code count} logged events match; counts past events too. */
  private static final class Waiter {
    final Predicate<JsonObject> filter;
    final CompletableFuture<List<JsonObject>> future = new CompletableFuture<>();
    final List<JsonObject> matched = new ArrayList<>();
    final int count;

    Waiter(Predicate<JsonObject> filter, int count) {
      this.filter = filter;
      this.count = count;
    }

    boolean offer(JsonObject event) {
      if (filter.test(event)) {
        matched.add(event.copy());
      }
      return matched.size() >= count;
    }
  }

  void add(JsonObject event) {
    List<Waiter> done = new ArrayList<>();
    synchronized (this) {
      if (events.size() == MAX_EVENTS) {
        events.remove(0);
      }
      events.add(event);
      for (var it = waiters.iterator(); it.hasNext(); ) {
        var w = it.next();
        if (w.offer(event)) {
          done.add(w);
          it.remove();
        }
      }
    }
    done.forEach(w -> w.future.complete(List.copyOf(w.matched)));
  }

  synchronized List<JsonObject> snapshot() {
    return events.stream().map(JsonObject::copy).toList();
  }

  /** The first {@code count} matching events, past ones included, once that many have arrived. */
  CompletableFuture<List<JsonObject>> await(Predicate<JsonObject> filter, int count) {
    var waiter = new Waiter(filter, count);
    synchronized (this) {
      for (var e : events) {
        if (waiter.offer(e)) {
          return CompletableFuture.completedFuture(List.copyOf(waiter.matched));
        }
      }
      waiters.add(waiter);
    }
    return waiter.future;
  }

  /** Fails every waiter, e.g. because the process ended. */
  void failAll(RuntimeException failure) {
    List<Waiter> pending;
    synchronized (this) {
      pending = List.copyOf(waiters);
      waiters.clear();
    }
    pending.forEach(w -> w.future.completeExceptionally(failure));
  }
}
