package dev.samizdat.dht.routing;

/**
 * Routing table parameters.
 *
 * @param bucketSize k, the peers per bucket (kad-dht spec: 20)
 * @param maxPerGroupPerBucket at most this many peers of one IP group in a bucket, so one host
 *     cannot take over the path to a part of the key space
 * @param maxPerGroupPerTable at most this many peers of one IP group in the whole table
 * @param exemptLoopback whether loopback addresses escape the diversity limit (tests only)
 * @param replacementCacheSize candidates kept per full bucket, tried when a member fails
 * @param pingAfterMillis a full bucket's oldest peer is pinged before eviction only when it has
 *     not been seen for this long; a recently seen peer is simply kept
 * @param refreshIntervalMillis a bucket not looked up in this long is due for a refresh
 */
public record RoutingConfig(
    int bucketSize,
    int maxPerGroupPerBucket,
    int maxPerGroupPerTable,
    boolean exemptLoopback,
    int replacementCacheSize,
    long pingAfterMillis,
    long refreshIntervalMillis) {

  public static final RoutingConfig DEFAULT =
      new RoutingConfig(20, 2, 5, false, 8, 60_000, 10 * 60_000);

  public RoutingConfig {
    if (bucketSize < 1 || maxPerGroupPerBucket < 1 || maxPerGroupPerTable < maxPerGroupPerBucket
        || replacementCacheSize < 0 || pingAfterMillis < 0 || refreshIntervalMillis < 1) {
      throw new IllegalArgumentException("inconsistent routing config " + this);
    }
  }

  public RoutingConfig withExemptLoopback(boolean exempt) {
    return new RoutingConfig(bucketSize, maxPerGroupPerBucket, maxPerGroupPerTable, exempt,
        replacementCacheSize, pingAfterMillis, refreshIntervalMillis);
  }
}
