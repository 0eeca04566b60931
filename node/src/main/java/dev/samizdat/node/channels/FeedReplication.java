package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedHead;
import dev.samizdat.channels.feed.FeedId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the held feeds meet their peers through the {@link FeedDirectory}: this node announces itself
 * as a provider of every feed it serves and publishes the signed head of its own feeds; it pulls the
 * others by looking up their providers and head records and opening sessions with enough of them.
 * Runs on the channel service's worker.
 */
final class FeedReplication {
  private static final Logger LOG = LoggerFactory.getLogger(FeedReplication.class);
  private final ChannelService service;
  private final ScheduledExecutorService worker;
  private final Map<FeedId, Long> knownHeads = new ConcurrentHashMap<>();
  private final Set<FeedId> provided = ConcurrentHashMap.newKeySet();
  private final Map<FeedId, ScheduledFuture<?>> headPublishing = new ConcurrentHashMap<>();
  /** The latest provider lookup of each held feed, done when the sessions it found are open or refused. */
  private final Map<FeedId, CompletableFuture<Void>> providerLookups = new ConcurrentHashMap<>();

  FeedReplication(ChannelService service, ScheduledExecutorService worker) {
    this.service = service;
    this.worker = worker;
  }

  /** Pulls every held feed (see {@link #refresh}); one feed's failure does not stop the others. */
  void refreshAll(Iterable<FeedId> feeds) {
    for (FeedId feed : feeds) {
      try {
        refresh(feed);
      } catch (RuntimeException e) {
        LOG.warn("refreshing feed {} failed: {}", ChannelText.id(feed), e.toString());
      }
    }
  }

  /**
   * Pulls a feed: re-announces our head on open sessions, looks up the head record and the providers,
   * and opens sessions up to {@link ChannelSettings#peersPerFeed()}, or more while the feed is behind its
   * signed head.
   */
  void refresh(FeedId feed) {
    if (service.isClosed() || !service.moderation.allowed(feed)) {
      return;
    }
    service.sync.reannounce(feed);
    if (service.isOwn(feed)) {
      return; // the author has every entry; subscribers come to it
    }
    service.directory.getHead(feed)
        .thenAccept(head -> head.ifPresent(h -> knownHeads.merge(feed, h.sequence(), Math::max)))
        .exceptionally(e -> null);
    int perFeed = service.settings.peersPerFeed();
    // Behind the head its author signed, the peers we pull from are not enough (they may hold nothing,
    // or be slow on purpose): look for others too.
    boolean behind = knownHeads.getOrDefault(feed, -1L) > service.store.headSequence(feed);
    if (service.sync.outboundSessions(feed) >= perFeed && !behind) {
      return;
    }
    CompletableFuture<Void> lookup = service.directory.findProviders(feed, perFeed * 2).thenCompose(providers -> {
      List<CompletableFuture<?>> opening = new ArrayList<>();
      for (FeedDirectory.Provider p : providers) {
        if (p.peer().equals(service.host.peerId()) || service.sync.hasSession(p.peer(), feed)) {
          continue;
        }
        if (!p.addresses().isEmpty()) {
          service.host.peerStore().addAddresses(p.peer(), p.addresses());
        }
        opening.add(service.sync.open(p.peer(), feed).exceptionally(e -> {
          LOG.debug("cannot open feed {} with {}: {}", ChannelText.id(feed), p.peer(), e.toString());
          return null;
        }));
      }
      return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }).exceptionally(e -> {
      LOG.info("looking up providers of {} failed: {}", ChannelText.id(feed), e.toString());
      return null;
    });
    providerLookups.put(feed, lookup);
  }

  /** The latest provider lookup of {@code feed}, if one was started. */
  Optional<CompletableFuture<Void>> providerLookup(FeedId feed) {
    return Optional.ofNullable(providerLookups.get(feed));
  }

  /** The highest sequence of the feed that a connected peer or a head record in the DHT knows of (-1: none). */
  long othersHead(FeedId feed) {
    return Math.max(service.sync.remoteHead(feed), knownHeads.getOrDefault(feed, -1L));
  }

  /** Announces this node as a provider of {@code feed}, once (again after a failure). */
  void provide(FeedId feed) {
    if (provided.add(feed)) {
      service.directory.provide(feed).exceptionally(e -> {
        provided.remove(feed);
        LOG.info("announcing feed {} failed: {}", ChannelText.id(feed), e.toString());
        return null;
      });
    }
  }

  void stopProviding(FeedId feed) {
    service.directory.stopProviding(feed);
    provided.remove(feed);
  }

  /** Publishes an own feed's head after {@link ChannelSettings#headPublishDelay()}: once for a burst of appends. */
  void scheduleHeadPublish(FeedId feed) {
    headPublishing.computeIfAbsent(feed, f -> worker.schedule(() -> {
      headPublishing.remove(feed);
      publishHead(feed);
    }, service.settings.headPublishDelay().toMillis(), TimeUnit.MILLISECONDS));
  }

  private void publishHead(FeedId feed) {
    if (service.isClosed() || !service.isOwn(feed)) {
      return;
    }
    service.store.entry(feed, service.store.headSequence(feed)).ifPresent(head -> service.directory.putHead(
        FeedHead.sign(head, service.ownKey(feed), service.clock.millis())).exceptionally(e -> {
          LOG.info("publishing the head of {} failed: {}", ChannelText.id(feed), e.toString());
          return null;
        }));
  }

  /** Stops everything pending for a feed the node no longer holds. */
  void forget(FeedId feed) {
    ScheduledFuture<?> headPublish = headPublishing.remove(feed);
    if (headPublish != null) {
      headPublish.cancel(false);
    }
    providerLookups.remove(feed);
  }

  void stop() {
    headPublishing.values().forEach(f -> f.cancel(false));
  }
}
