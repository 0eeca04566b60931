package dev.samizdat.dht;

import dev.samizdat.dht.message.DhtRecord;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.provider.ProviderStore;
import dev.samizdat.dht.query.Lookup;
import dev.samizdat.dht.query.LookupConfig;
import dev.samizdat.dht.query.LookupObserver;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.dht.routing.OfferResult;
import dev.samizdat.dht.routing.RoutingTable;
import dev.samizdat.dht.routing.RoutingTableStore;
import dev.samizdat.dht.server.HandlerOutcome;
import dev.samizdat.dht.server.RequestHandler;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * One node's DHT: the routing table, the server-side handler, and the client operations (peer,
 * value and provider routing) over a {@link KadNetwork}, timed by a {@link Scheduler}. The Host
 * adapter (or the simulator) feeds it identified peers and inbound requests; the node calls {@link
 * #maintain()} periodically. Thread-safe.
 */
public final class KadDht {
  private volatile PeerAddresses self;
  private final DhtConfig config;
  private final KadNetwork network;
  private final Scheduler scheduler;
  private final Random random;
  private final RoutingTable table;
  private final RequestHandler handler;
  private final RecordNamespaces namespaces;
  private final Republisher republisher;

  /**
   * @param random picks bucket-refresh targets only (no secrets), so a seeded {@link Random} is fine
   */
  public KadDht(PeerAddresses self, DhtConfig config, KadNetwork network, Scheduler scheduler,
      Random random, RoutingTableStore tableStore, RecordStore records, ProviderStore providers,
      RecordNamespaces namespaces) {
    this.self = self;
    this.config = config;
    this.network = network;
    this.scheduler = scheduler;
    this.random = random;
    this.namespaces = namespaces;
    this.table = new RoutingTable(self.id(), config.routing(), tableStore, scheduler.nowMillis());
    this.republisher = new Republisher(config.republishIntervalMillis());
    this.handler = new RequestHandler(self.id(), table, records, providers, namespaces, config,
        key -> republisher.provides(key) ? Optional.of(this.self) : Optional.empty());
  }

  public PeerAddresses self() {
    return self;
  }

  /** The addresses this node announces in ADD_PROVIDER (its listen addresses, which may change). */
  public void setSelfAddresses(List<byte[]> multiaddrs) {
    self = new PeerAddresses(self.id(), multiaddrs);
  }

  public RoutingTable routingTable() {
    return table;
  }

  public Republisher republisher() {
    return republisher;
  }

  // ---- events from the host ----

  /**
   * A peer was identified (connected, identify done): {@code servesDht} says whether it speaks our
   * kad protocol as a server. May ping a quiet member of a full bucket.
   */
  public void peerIdentified(PeerAddresses peer, boolean servesDht) {
    pingIfNeeded(table.offer(peer, servesDht, scheduler.nowMillis()));
  }

  private void pingIfNeeded(OfferResult offered) {
    if (offered instanceof OfferResult.PingNeeded ping) {
      PeerAddresses oldest = ping.oldest();
      request(oldest, KadMessage.ping()).whenComplete((r, e) ->
          table.onPingResult(oldest.id(), e == null, scheduler.nowMillis()));
    }
  }

  /** The peer broke the protocol (elsewhere than in a request to us): drop it from the table. */
  public void reportInvalid(PeerId peer) {
    table.remove(peer);
  }

  /** Handles an inbound request from {@code from}, authenticated by the secure channel. */
  public HandlerOutcome handleRequest(PeerId from, KadMessage request) {
    HandlerOutcome outcome = handler.handle(from, request, scheduler.nowMillis());
    if (outcome instanceof HandlerOutcome.Refused) {
      table.remove(from);
    }
    return outcome;
  }

  // ---- client operations ----

  /** Joins through {@code seeds} (known DHT servers): adds them, then looks ourselves up. */
  public CompletableFuture<LookupResult> bootstrap(List<PeerAddresses> seeds) {
    for (PeerAddresses s : seeds) {
      pingIfNeeded(table.offerSeed(s, scheduler.nowMillis())); // told of, not heard from: it proves nothing yet
    }
    return findClosest(self.id().toBytes(), config.lookup());
  }

  /** The k closest peers to {@code key} (FIND_NODE lookup). */
  public CompletableFuture<LookupResult> findClosest(byte[] key, LookupConfig lookup) {
    return lookup(KadMessage.findNode(key), lookup, LookupObserver.NONE);
  }

  /** Finds the addresses of {@code peer}, if the lookup reaches it. */
  public CompletableFuture<Optional<PeerAddresses>> findPeer(PeerId peer) {
    return findClosest(peer.toBytes(), config.lookup()).thenApply(r -> r.closest().stream()
        .filter(p -> p.id().equals(peer)).findFirst());
  }

  /**
   * Stores a record with the k closest peers to its key. Validates it first (a local failure throws
   * {@link dev.samizdat.dht.record.InvalidRecordException}).
   */
  public CompletableFuture<PutResult> putValue(byte[] key, byte[] value) {
    namespaces.validate(key, value, scheduler.nowMillis());
    return findClosest(key, config.lookup()).thenCompose(found -> storeAt(found, key, value));
  }

  /** Publishes a record and republishes it every interval with the value {@code source} gives then. */
  public CompletableFuture<PutResult> publish(byte[] key, Republisher.ValueSource source) {
    long now = scheduler.nowMillis();
    republisher.trackRecord(key, source, now);
    return putValue(key, source.valueAt(now));
  }

  private CompletableFuture<PutResult> storeAt(LookupResult found, byte[] key, byte[] value) {
    KadMessage put = KadMessage.putValue(DhtRecord.of(key, value));
    List<CompletableFuture<Boolean>> acks = new ArrayList<>();
    for (PeerAddresses p : found.closest()) {
      acks.add(request(p, put).handle((r, e) -> e == null && r.record() != null));
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(v ->
        new PutResult((int) acks.stream().filter(CompletableFuture::join).count(), found));
  }

  /** Result of a put: how many of the closest peers acknowledged it. */
  public record PutResult(int stored, LookupResult lookup) {}

  /** Result of a get: the best valid value found, if any. */
  public record GetResult(Optional<byte[]> value, LookupResult lookup) {}

  /**
   * Finds the best valid value of {@code key} (kad-dht spec, "Getting values"): stops after {@code
   * getValueQuorum} valid values, ignores invalid ones (and drops their senders from the table), and
   * sends the best value to the peers that answered with a worse one.
   */
  public CompletableFuture<GetResult> getValue(byte[] key) {
    ValueCollector collector = new ValueCollector(key, namespaces, config.getValueQuorum(), scheduler);
    handler.heldValue(key, scheduler.nowMillis()).ifPresent(collector::offerLocal);
    if (collector.quorumReached()) {
      return CompletableFuture.completedFuture(new GetResult(collector.best(),
          new LookupResult(List.of(), 0, 0, 0, true)));
    }
    return lookup(KadMessage.getValue(key), config.lookup(), collector).thenApply(r -> {
      Optional<byte[]> best = collector.best();
      best.ifPresent(v -> {
        KadMessage correction = KadMessage.putValue(DhtRecord.of(key, v));
        for (PeerAddresses outdated : collector.outdated()) {
          request(outdated, correction);
        }
        if (collector.localOutdated()) {
          handler.hold(key, v, scheduler.nowMillis());
        }
      });
      for (PeerId bad : collector.invalidSenders()) {
        table.remove(bad);
      }
      return new GetResult(best, r);
    });
  }

  /** Announces this node as a provider of {@code key} to the k closest peers, and keeps doing so. */
  public CompletableFuture<LookupResult> provide(byte[] key) {
    republisher.trackProvider(key, scheduler.nowMillis());
    return announce(key);
  }

  private CompletableFuture<LookupResult> announce(byte[] key) {
    return findClosest(key, config.lookup()).thenApply(found -> {
      KadMessage add = KadMessage.addProvider(key, self);
      for (PeerAddresses p : found.closest()) {
        network.sendOneWay(p, add);
      }
      return found;
    });
  }

  /** Finds up to {@code wanted} providers of {@code key}. */
  public CompletableFuture<List<PeerAddresses>> findProviders(byte[] key, int wanted) {
    ProviderCollector collector = new ProviderCollector(wanted);
    return lookup(KadMessage.getProviders(key), config.lookup(), collector)
        .thenApply(r -> collector.providers());
  }

  // ---- maintenance ----

  /**
   * Periodic upkeep, to be called every minute or so: refreshes quiet buckets, republishes what is
   * due, drops expired records. Completes when the lookups it started have.
   */
  public CompletableFuture<Void> maintain() {
    long now = scheduler.nowMillis();
    handler.removeExpired(now);
    List<CompletableFuture<?>> work = new ArrayList<>(refreshBuckets(table.bucketsDueForRefresh(now), now));
    work.addAll(republishDue());
    return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
  }

  /** Republishes whatever is due now; returns the puts and announcements started. */
  public List<CompletableFuture<?>> republishDue() {
    List<CompletableFuture<?>> work = new ArrayList<>();
    for (Republisher.Due due : republisher.takeDue(scheduler.nowMillis())) {
      work.add(due.value() == null ? announce(due.key()) : putValue(due.key(), due.value()));
    }
    return work;
  }

  /** Refreshes every bucket up to the deepest one now, whatever their age (after joining). */
  public CompletableFuture<Void> refreshAllBuckets() {
    List<CompletableFuture<LookupResult>> work =
        refreshBuckets(table.bucketsDueForRefresh(Long.MAX_VALUE), scheduler.nowMillis());
    return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
  }

  /**
   * Refreshes the buckets of the given prefix lengths now, whatever their age (the simulator's
   * setup picks fewer than {@link #refreshAllBuckets()} to join thousands of nodes quickly).
   */
  public CompletableFuture<Void> refreshBuckets(List<Integer> cpls) {
    List<CompletableFuture<LookupResult>> work = refreshBuckets(cpls, scheduler.nowMillis());
    return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
  }

  /**
   * One FIND_NODE lookup per bucket below {@link RefreshKeys#PREFIX_BITS}, for a key that hashes
   * into it; the deeper buckets all share one lookup of our own id, which walks through them.
   */
  private List<CompletableFuture<LookupResult>> refreshBuckets(List<Integer> cpls, long nowMillis) {
    List<CompletableFuture<LookupResult>> work = new ArrayList<>();
    boolean selfWalk = false;
    for (int cpl : cpls) {
      if (cpl < RefreshKeys.PREFIX_BITS) {
        byte[] key = RefreshKeys.keyInBucket(table.self(), cpl, random);
        table.markRefreshed(KadId.ofKey(key), nowMillis);
        work.add(findClosest(key, config.lookup()));
      } else {
        table.markRefreshed(KadId.randomWithCommonPrefix(table.self(), cpl, random), nowMillis);
        selfWalk = true;
      }
    }
    if (selfWalk) {
      work.add(findClosest(self.id().toBytes(), config.lookup()));
    }
    return work;
  }

  // ---- plumbing ----

  private CompletableFuture<LookupResult> lookup(KadMessage request, LookupConfig lookup,
      LookupObserver observer) {
    List<PeerAddresses> seeds = table.closest(KadId.ofKey(request.key()), lookup.k());
    LookupObserver tracking = new LookupObserver() {
      @Override
      public Verdict onResponse(PeerAddresses from, KadMessage response) {
        Verdict v = observer.onResponse(from, response);
        if (v == Verdict.INVALID) {
          table.remove(from.id());
        } else {
          peerIdentified(from, true);
        }
        return v;
      }

      @Override
      public void onFailure(PeerAddresses peer, Throwable cause) {
        table.failedToAnswer(peer.id(), scheduler.nowMillis());
        observer.onFailure(peer, cause);
      }
    };
    return Lookup.start(request, self.id(), seeds, lookup, network, scheduler, tracking);
  }

  /** One request with the lookup timeout. */
  private CompletableFuture<KadMessage> request(PeerAddresses to, KadMessage message) {
    CompletableFuture<KadMessage> out = new CompletableFuture<>();
    long timeout = config.lookup().requestTimeoutMillis();
    Scheduler.Cancellable timer = scheduler.schedule(timeout,
        () -> out.completeExceptionally(new TimeoutException("no answer from " + to.id() + " in " + timeout + " ms")));
    CompletableFuture<KadMessage> sent;
    try {
      sent = network.send(to, message);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((r, e) -> {
      timer.cancel();
      if (e != null) {
        out.completeExceptionally(e);
      } else {
        out.complete(r);
      }
    });
    return out;
  }
}
