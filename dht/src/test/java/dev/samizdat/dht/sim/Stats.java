package dev.samizdat.dht.sim;

import java.util.Arrays;

/** Percentiles of a sample (nearest-rank). */
public final class Stats {
  private final long[] sorted;

  public Stats(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  public long percentile(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public double mean() {
    return Arrays.stream(sorted).average().orElse(0);
  }

  public String summary(String unit) {
    return String.format("median %d%s, p90 %d%s, p99 %d%s, max %d%s, mean %.2f%s", percentile(50), unit,
        percentile(90), unit, percentile(99), unit, percentile(100), unit, mean(), unit);
  }
}
