package dev.samizdat.dht.query;

/**
 * Lookup parameters.
 *
 * @param k how many closest peers the lookup must hear from (kad-dht spec: 20)
 * @param alpha requests in flight per path (kad-dht spec: 3)
 * @param disjointPaths d of S/Kademlia: 1 for an ordinary lookup; more for lookups that must
 *     survive adversarial peers on a path, at d times the messages
 * @param requestTimeoutMillis a peer that has not answered in this long counts as failed
 *     (js-libp2p waits 10 s for a message)
 */
public record LookupConfig(int k, int alpha, int disjointPaths, long requestTimeoutMillis) {
  public static final LookupConfig DEFAULT = new LookupConfig(20, 3, 1, 10_000);

  public LookupConfig {
    if (k < 1 || alpha < 1 || disjointPaths < 1 || requestTimeoutMillis < 1) {
      throw new IllegalArgumentException("inconsistent lookup config " + this);
    }
  }

  public LookupConfig withDisjointPaths(int d) {
    return new LookupConfig(k, alpha, d, requestTimeoutMillis);
  }
}
