package dev.samizdat.channels.sync;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.ForkProof;
import java.util.List;

/** What a {@link FeedReplicator} asks its adapter to do after an event. */
public sealed interface SyncAction {
  /** Send this message to the remote peer. */
  record Send(FeedMessage message) implements SyncAction {}

  /**
   * These entries were verified and stored: push them to the feed's other connected subscribers and
   * refresh what the user sees.
   */
  record Appended(List<FeedEntry> entries) implements SyncAction {
    public Appended {
      entries = List.copyOf(entries);
    }
  }

  /** A fork seen here for the first time: keep showing it, and send {@code notice} to every peer of the feed. */
  record ForkFound(ForkProof proof, FeedMessage.ForkNotice notice) implements SyncAction {}

  /**
   * The remote broke the protocol or sent something invalid (the reason says what). The replicator
   * dropped the offending message and goes on; the adapter decides whether to penalise or disconnect.
   */
  record Misbehaving(String reason) implements SyncAction {}
}
