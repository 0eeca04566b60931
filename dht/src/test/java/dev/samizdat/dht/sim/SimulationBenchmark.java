package dev.samizdat.dht.sim;

import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.query.LookupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Prints hops, messages and latency per lookup, and lookups per second of wall time, for simulated
 * networks (default 1,000 and 10,000 nodes; pass sizes as arguments).
 */
public final class SimulationBenchmark {
  private SimulationBenchmark() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1_000, 10_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int n : sizes) {
      run(n, 1_000);
    }
  }

  static void run(int n, int lookups) {
    long t0 = System.nanoTime();
    Simulation sim = new Simulation(42, DhtConfig.DEFAULT);
    sim.build(n);
    long built = System.nanoTime();
    long joinMessages = sim.network().messages();
    long[] hops = new long[lookups];
    long[] messages = new long[lookups];
    long[] latency = new long[lookups];
    int found = 0;
    List<CompletableFuture<LookupResult>> futures = new ArrayList<>();
    List<Simulation.Node> targets = new ArrayList<>();
    for (int i = 0; i < lookups; i++) {
      Simulation.Node from = sim.randomLiveNode();
      Simulation.Node target;
      do {
        target = sim.randomLiveNode();
      } while (target == from);
      targets.add(target);
      futures.add(from.dht().findClosest(target.id().toBytes(), DhtConfig.DEFAULT.lookup()));
    }
    long l0 = System.nanoTime();
    sim.scheduler().runUntilIdle();
    long l1 = System.nanoTime();
    for (int i = 0; i < lookups; i++) {
      LookupResult r = futures.get(i).join();
      hops[i] = r.hops();
      messages[i] = r.messages();
      latency[i] = r.durationMillis();
      if (!r.closest().isEmpty() && r.closest().get(0).id().equals(targets.get(i).id())) {
        found++;
      }
    }
    System.out.printf("%,d nodes: built in %.1f s wall (%,d messages to join, mean table size %.0f)%n", n,
        (built - t0) / 1e9, joinMessages,
        sim.nodes().stream().mapToInt(x -> x.dht().routingTable().size()).average().orElse(0));
    System.out.printf("  %,d lookups, target found %d/%d%n", lookups, found, lookups);
    System.out.printf("  hops:     %s%n", new Stats(hops).summary(""));
    System.out.printf("  messages: %s%n", new Stats(messages).summary(""));
    System.out.printf("  latency:  %s (virtual, one-way link latency 10-100 ms)%n", new Stats(latency).summary(" ms"));
    System.out.printf("  throughput: %.0f lookups/s of wall time (single thread, all %d lookups concurrent)%n",
        lookups / ((l1 - l0) / 1e9), lookups);
  }
}
