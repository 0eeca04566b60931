package dev.samizdat.dht.routing;

import dev.samizdat.dht.PeerAddresses;

/** What the routing table did with a peer it was offered, and what the caller must do next. */
public sealed interface OfferResult {
  /** The peer became a member. */
  record Added() implements OfferResult {}

  /** The peer was a member already; its addresses and last-seen time were updated. */
  record Updated() implements OfferResult {}

  /** The peer's bucket is full; it waits in the replacement cache. */
  record Cached() implements OfferResult {}

  /**
   * The peer's bucket is full and its least recently seen member has been quiet: ping {@code
   * oldest} and report the outcome with {@link RoutingTable#onPingResult}. The offered peer waits in
   * the replacement cache and takes the place if the ping fails.
   */
  record PingNeeded(PeerAddresses oldest) implements OfferResult {}

  /** The peer may not enter the table. */
  record Rejected(Reason reason) implements OfferResult {}

  enum Reason {
    SELF,
    NOT_A_DHT_SERVER,
    DIVERSITY_LIMIT
  }
}
