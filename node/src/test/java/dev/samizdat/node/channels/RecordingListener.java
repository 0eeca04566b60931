package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the channel service publishes, for assertions. */
final class RecordingListener implements ChannelsListener {
  record Sync(FeedId channel, long have, long of) {}

  record Fork(FeedId channel, long sequence) {}

  final List<Views.PostView> posts = new CopyOnWriteArrayList<>();
  final List<Sync> syncs = new CopyOnWriteArrayList<>();
  final List<Fork> forks = new CopyOnWriteArrayList<>();
  final List<Views.ReportItem> reports = new CopyOnWriteArrayList<>();

  @Override
  public void channelPost(FeedId channel, Views.PostView post) {
    posts.add(post);
  }

  @Override
  public void channelSync(FeedId channel, long have, long of) {
    syncs.add(new Sync(channel, have, of));
  }

  @Override
  public void forkDetected(FeedId channel, long sequence) {
    forks.add(new Fork(channel, sequence));
  }

  @Override
  public void reportReceived(FeedId list, Views.ReportItem item) {
    reports.add(item);
  }
}
