package dev.samizdat.bench.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.policy.PolicyEngine;
import dev.samizdat.channels.policy.Subscription;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.crypto.Ed25519PrivateKey;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one policy decision with a million rules spread over several followed lists, for a
 * post whose target is blocked and for one that is not (the common case). Prints the heap the rules
 * occupy. Target: ≤ 2 µs per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class PolicyBenchmark {
  private static final long NOW = 1_700_000_000_000L;
  private static final int LISTS = 4;
  private static final int PROBES = 4096;

  @Param("1000000")
  public int rules;

  private PolicyEngine policy;
  private Target[] blocked;
  private Target[] unblocked;
  private int next;

  @Setup(Level.Trial)
  public void buildPolicy() {
    SecureRandom secure = new SecureRandom();
    SplittableRandom random = new SplittableRandom(42);
    long before = usedHeap();
    policy = new PolicyEngine();
    FeedId[] lists = new FeedId[LISTS];
    for (int i = 0; i < LISTS; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(secure);
      lists[i] = new FeedId(key.publicKey());
      policy.follow(new Subscription(lists[i], Action.DROP, Set.of(), 1));
    }
    blocked = new Target[PROBES];
    for (int i = 0; i < rules; i++) {
      Target target = new Target(Target.Kind.POST, postId(random.nextLong()));
      int list = i % LISTS;
      policy.apply(lists[list], i, lists[list].key(), false,
          BlockRule.of(target, false, Category.SPAM, Action.HIDE, 0, "spam wave"));
      if (i < PROBES) {
        blocked[i] = target;
      }
    }
    unblocked = new Target[PROBES];
    for (int i = 0; i < PROBES; i++) {
      unblocked[i] = new Target(Target.Kind.POST, postId(random.nextLong()));
    }
    long after = usedHeap();
    System.out.printf("%n%,d rules over %d lists occupy about %,d MiB of heap (%.0f bytes per rule)%n",
        rules, LISTS, (after - before) >> 20, (after - before) / (double) rules);
  }

  private static byte[] postId(long seed) {
    return ByteBuffer.allocate(32).putLong(seed).putLong(seed * 31).array();
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Benchmark
  public Decision decideBlockedTarget() {
    return policy.decide(blocked[next++ & (PROBES - 1)], NOW);
  }

  @Benchmark
  public Decision decideUnblockedTarget() {
    return policy.decide(unblocked[next++ & (PROBES - 1)], NOW);
  }
}
