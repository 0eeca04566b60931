package dev.samizdat.dht.query;

import dev.samizdat.dht.PeerAddresses;
import java.util.List;

/**
 * The outcome of a lookup.
 *
 * @param closest up to k peers that answered, closest to the target first
 * @param hops the hop at which the closest answering peer was reached (1 = from our own table);
 *     for disjoint paths, the largest over the paths
 * @param messages the requests sent
 * @param durationMillis from start to finish, in the scheduler's time
 * @param stoppedEarly whether the observer ended it before the k closest had answered
 */
public record LookupResult(
    List<PeerAddresses> closest, int hops, int messages, long durationMillis, boolean stoppedEarly) {
  public LookupResult {
    closest = List.copyOf(closest);
  }
}
