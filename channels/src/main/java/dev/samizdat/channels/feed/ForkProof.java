package dev.samizdat.channels.feed;

import java.util.Arrays;

/**
 * Two entries of one feed with one sequence number and different contents, both validly signed by
 * keys the feed authorised: evidence that its author equivocated, shown to the user and passed on.
 */
public record ForkProof(FeedEntry kept, FeedEntry conflicting) {
  public ForkProof {
    if (!kept.feed().equals(conflicting.feed()) || kept.sequence() != conflicting.sequence()
        || Arrays.equals(kept.hash(), conflicting.hash())) {
      throw new IllegalArgumentException("a fork proof needs two different entries of one feed at one sequence");
    }
  }

  public FeedId feed() {
    return kept.feed();
  }

  public long sequence() {
    return kept.sequence();
  }
}
