package dev.samizdat.node.channels;

import dev.samizdat.channels.sync.FeedReplicator;
import java.time.Duration;

/**
 * How the channel service replicates.
 *
 * @param pullInterval how often every held feed is looked up and re-announced to its peers, so that
 *     nothing a push missed stays missing for longer
 * @param peersPerFeed sessions kept open per feed: enough that one peer going away loses nothing
 * @param headPublishDelay how long after an own post the feed's head record is published (posts in
 *     a burst publish once)
 * @param catchUpWait how long a subscribe or preview waits for a feed's first entries before answering
 * @param requestTimeout how long a request for entries (at most a MiB of them) may wait for its answer
 *     before the session is given up and the peer avoided for a while: a peer that never answers would
 *     otherwise hold its place among the feed's peers for good (checked at each pull)
 */
public record ChannelSettings(Duration pullInterval, int peersPerFeed, Duration headPublishDelay,
    Duration catchUpWait, Duration requestTimeout, FeedReplicator.Limits limits) {
  public static final ChannelSettings DEFAULTS = new ChannelSettings(Duration.ofMinutes(1), 4, Duration.ofSeconds(2),
      Duration.ofSeconds(10), Duration.ofSeconds(30), FeedReplicator.Limits.DEFAULT);

  public ChannelSettings {
    if (pullInterval.isNegative() || pullInterval.isZero() || peersPerFeed < 1 || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("channel settings out of range");
    }
  }

  public ChannelSettings withPullInterval(Duration value) {
    return new ChannelSettings(value, peersPerFeed, headPublishDelay, catchUpWait, requestTimeout, limits);
  }

  public ChannelSettings withCatchUpWait(Duration value) {
    return new ChannelSettings(pullInterval, peersPerFeed, headPublishDelay, value, requestTimeout, limits);
  }

  public ChannelSettings withRequestTimeout(Duration value) {
    return new ChannelSettings(pullInterval, peersPerFeed, headPublishDelay, catchUpWait, value, limits);
  }
}
