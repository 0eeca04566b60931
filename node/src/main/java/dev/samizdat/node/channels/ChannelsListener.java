package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.report.ReviewItem;

/**
 * What the channel service publishes to the API's event stream. Called after the change is stored, on
 * the service's worker (reports: on the messaging thread); implementations must be quick and must not
 * call back into the service synchronously.
 */
public interface ChannelsListener {
  ChannelsListener NONE = new ChannelsListener() {};

  /** A new post arrived or was written, in a channel the user holds; {@code post.decision()} says how to show it. */
  default void channelPost(FeedId channel, Views.PostView post) {}

  /** Catching up: {@code have} entries of {@code of} known to exist. */
  default void channelSync(FeedId channel, long have, long of) {}

  /** Two entries at one sequence: the feed's author equivocated; the proof is kept. */
  default void forkDetected(FeedId channel, long sequence) {}

  /** A report or appeal reached the review queue of one of the user's blocklists. */
  default void reportReceived(FeedId list, Views.ReportItem item) {}
}
