package dev.samizdat.dht.net;

import dev.samizdat.dht.DhtException;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.Scheduler;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DHT node in server mode over a libp2p {@link Host}: serves the kad protocol, learns peers from
 * identify, answers and sends kad-dht requests over streams, and runs upkeep (bucket refresh,
 * republishing, expiry) every {@link DhtOptions#maintenanceInterval()}. While its routing table is
 * empty it keeps asking the peers it was bootstrapped through, so that one that was not up yet when
 * this node started is joined soon after it is.
 *
 * <p><b>Threading.</b> Every method is thread-safe and non-blocking. The DHT's logic and its stores
 * run on one thread of its own, never on a Vert.x event loop; futures complete there, so dependent
 * actions must not block. {@link #close()} fails the futures still pending.
 */
public final class Dht implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dht.class);
  /**
   * The first retry of a join that found nobody. Short, since the seed is often a node started
   * moments later; each retry waits twice as long as the one before, up to the maintenance interval.
   */
  static final Duration FIRST_REJOIN_DELAY = Duration.ofSeconds(2);

  private final Host host;
  private final DhtOptions options;
  private final DhtExecutor executor;
  private final KadDht kad;
  private final IdentifyFeed identifyFeed;
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile Scheduler.Cancellable maintenance;
  private volatile Scheduler.Cancellable rejoin;
  /** The peers of the last {@link #bootstrap}, asked again whenever the routing table is empty. */
  private volatile List<PeerAddresses> bootstrapPeers = List.of();

  private Dht(Host host, DhtOptions options, DhtStores stores, RecordNamespaces namespaces, Clock clock,
      Random random) {
    this.host = host;
    this.options = options;
    this.executor = new DhtExecutor(clock, "dht-" + host.peerId().toBase58().substring(0, 16));
    long timeout = options.config().lookup().requestTimeoutMillis();
    HostKadNetwork network = new HostKadNetwork(host, options.protocolId(), executor, timeout,
        options.loopbackAllowed());
    this.kad = new KadDht(new PeerAddresses(host.peerId(), List.of()), options.config(), network, executor,
        random, stores.routingTable(), stores.records(), stores.providers(), namespaces);
    this.identifyFeed = new IdentifyFeed(host, kad, options.protocolId(), executor, options.loopbackAllowed());
  }

  /**
   * Starts serving {@code options.protocolId()} on {@code host}, restores the routing table from its
   * store and starts learning peers from identify. Waits for the restore (a store read), so call it
   * from a thread that may block, not from an event loop.
   *
   * @param namespaces the validators and selectors of the record namespaces this node accepts
   * @param random picks bucket-refresh targets only
   */
  public static Dht start(Host host, DhtOptions options, DhtStores stores, RecordNamespaces namespaces,
      Clock clock, Random random) {
    Dht dht = new Dht(host, options, stores, namespaces, clock, random);
    dht.run(() -> {
      dht.refreshSelfAddresses();
      int restored = dht.kad.routingTable().restore(dht.executor.nowMillis());
      LOG.debug("DHT {} restored {} peers", host.peerId(), restored);
      return CompletableFuture.completedFuture(restored);
    }).join();
    host.setHandler(options.protocolId(), new KadStreamHandler(host, dht.kad, dht.executor,
        options.maxRequestSize(), options.streamIdleTimeout().toMillis(), options.loopbackAllowed(),
        dht.identifyFeed::requestFrom));
    host.addConnectionListener(dht.identifyFeed);
    dht.executor.execute(dht.identifyFeed::start);
    dht.scheduleMaintenance();
    return dht;
  }

  public PeerId peerId() {
    return host.peerId();
  }

  public DhtOptions options() {
    return options;
  }

  /** The DHT core, for what this façade does not offer; call it only from the futures of this class. */
  public KadDht kad() {
    return kad;
  }

  /** Peers in the routing table now. */
  public int routingTableSize() {
    return kad.routingTable().size();
  }

  /**
   * Joins the network through {@code seeds} (multiaddrs ending in /p2p/…, DHT servers): a lookup of
   * our own id, then a refresh of every bucket. Completes with the self lookup's result. From then on,
   * whenever the routing table is empty, joins through them again (see the class comment).
   */
  public CompletableFuture<LookupResult> bootstrap(List<Multiaddr> seeds) {
    List<PeerAddresses> peers = new ArrayList<>();
    for (Multiaddr seed : seeds) {
      PeerId id = seed.peerId().orElseThrow(() -> new IllegalArgumentException(
          "bootstrap address " + seed + " has no /p2p/<peer id>"));
      if (!id.equals(host.peerId())) {
        host.peerStore().addAddresses(id, List.of(seed.withoutP2p()));
        peers.add(new PeerAddresses(id, List.of(seed.withoutP2p().toBytes())));
      }
    }
    bootstrapPeers = List.copyOf(peers);
    return run(() -> join(peers).whenComplete((found, e) -> scheduleRejoin(FIRST_REJOIN_DELAY)));
  }

  private CompletableFuture<LookupResult> join(List<PeerAddresses> through) {
    return kad.bootstrap(through).thenCompose(found -> kad.refreshAllBuckets().thenApply(v -> found));
  }

  /**
   * Checks after {@code delay} whether the routing table is empty (no seed answered, or every peer
   * has gone since) and, if so, joins again through the bootstrap peers and the peers kept on disk
   * (those that stopped answering while this node heard from no one). Runs until the DHT closes.
   */
  private void scheduleRejoin(Duration delay) {
    Scheduler.Cancellable previous = rejoin;
    if (previous != null) {
      previous.cancel(); // a later bootstrap replaces the peers and restarts the schedule
    }
    if (closed) {
      return;
    }
    Duration longest = options.maintenanceInterval();
    rejoin = executor.schedule(delay.toMillis(), () -> {
      List<PeerAddresses> known = rejoinCandidates();
      if (kad.routingTable().size() > 0 || known.isEmpty()) {
        scheduleRejoin(kad.routingTable().size() > 0 ? longest : next(delay, longest));
        return;
      }
      LOG.debug("DHT {} has no peers: joining through {} bootstrap and known peers again", host.peerId(), known.size());
      join(known).whenComplete((found, e) -> {
        if (kad.routingTable().size() > 0) {
          LOG.info("joined the DHT (routing table: {})", kad.routingTable().size());
          scheduleRejoin(longest);
        } else {
          if (delay.equals(FIRST_REJOIN_DELAY)) {
            LOG.warn("no DHT peer answers: none of the {} bootstrap and known peers is reachable now{}; asking them"
                + " again, less and less often", known.size(), loopbackOnlyNote(known));
          }
          scheduleRejoin(next(delay, longest));
        }
      });
    });
  }

  /**
   * Why some of {@code peers} were not even dialled: a node that listens beyond loopback does not dial
   * loopback addresses (a peer elsewhere announcing one would have it dial its own machine).
   */
  private String loopbackOnlyNote(List<PeerAddresses> peers) {
    if (options.loopbackAllowed()) {
      return "";
    }
    long skipped = peers.stream()
        .filter(p -> NetAddresses.dialable(p, false).isEmpty() && !NetAddresses.dialable(p, true).isEmpty()).count();
    return skipped == 0 ? "" : " (" + skipped + " of them only at loopback addresses, which a node listening beyond"
        + " 127.0.0.1 does not dial: give it --listen /ip4/127.0.0.1/tcp/<port> to reach them)";
  }

  private static Duration next(Duration delay, Duration longest) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(longest) < 0 ? doubled : longest;
  }

  /** The bootstrap peers, then the peers kept on disk that are not in the table. */
  private List<PeerAddresses> rejoinCandidates() {
    Map<PeerId, PeerAddresses> candidates = new LinkedHashMap<>();
    bootstrapPeers.forEach(p -> candidates.put(p.id(), p));
    kad.routingTable().storedNonMembers().forEach(p -> candidates.putIfAbsent(p.id(), p));
    return List.copyOf(candidates.values());
  }

  /** The addresses of {@code peer}: from the routing table, else by a lookup. */
  public CompletableFuture<Optional<PeerAddresses>> findPeer(PeerId peer) {
    return run(() -> {
      Optional<PeerAddresses> known = kad.routingTable().find(peer);
      return known.isPresent() ? CompletableFuture.completedFuture(known) : kad.findPeer(peer);
    });
  }

  /** The k closest peers to {@code key} that answered. */
  public CompletableFuture<LookupResult> findClosest(byte[] key) {
    return run(() -> kad.findClosest(key, options.config().lookup()));
  }

  /**
   * Stores a record with the closest peers. Fails with {@link
   * dev.samizdat.dht.record.InvalidRecordException} if our own validator refuses it.
   */
  public CompletableFuture<KadDht.PutResult> put(byte[] key, byte[] value) {
    return run(() -> kad.putValue(key, value));
  }

  /** The best valid value of {@code key}, if one is found (locally held ones included). */
  public CompletableFuture<Optional<byte[]>> get(byte[] key) {
    return run(() -> kad.getValue(key).thenApply(KadDht.GetResult::value));
  }

  /** Announces this node as a provider of {@code key} and keeps announcing it every republish interval. */
  public CompletableFuture<LookupResult> provide(byte[] key) {
    return run(() -> {
      refreshSelfAddresses();
      return kad.provide(key);
    });
  }

  /** Up to {@code wanted} providers of {@code key}. */
  public CompletableFuture<List<PeerAddresses>> findProviders(byte[] key, int wanted) {
    return run(() -> kad.findProviders(key, wanted));
  }

  /** Runs one DHT operation on the DHT thread, failing it if the DHT is or gets closed. */
  private <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> operation) {
    CompletableFuture<T> out = new CompletableFuture<>();
    if (closed) {
      out.completeExceptionally(new DhtException("DHT is closed"));
      return out;
    }
    pending.add(out);
    out.whenComplete((v, e) -> pending.remove(out));
    try {
      executor.execute(() -> {
        try {
          operation.get().whenComplete((v, e) -> {
            if (e != null) {
              out.completeExceptionally(e);
            } else {
              out.complete(v);
            }
          });
        } catch (RuntimeException e) {
          out.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(new DhtException("DHT is closed"));
    }
    return out;
  }

  private void scheduleMaintenance() {
    if (closed) {
      return;
    }
    maintenance = executor.schedule(options.maintenanceInterval().toMillis(), () -> {
      refreshSelfAddresses();
      kad.maintain().whenComplete((v, e) -> {
          if (e != null) {
            LOG.debug("DHT upkeep failed: {}", e.toString());
          }
          scheduleMaintenance();
        });
    });
  }

  /** What ADD_PROVIDER announces: the Host's listen addresses now. */
  private void refreshSelfAddresses() {
    kad.setSelfAddresses(NetAddresses.announced(host.listenAddresses(), options.loopbackAllowed()));
  }

  /** Stops serving the kad protocol and learning peers; fails pending operations. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.removeHandler(options.protocolId());
    host.removeConnectionListener(identifyFeed);
    for (Scheduler.Cancellable timer : new Scheduler.Cancellable[] {maintenance, rejoin}) {
      if (timer != null) {
        timer.cancel();
      }
    }
    executor.close();
    DhtException gone = new DhtException("DHT closed");
    for (CompletableFuture<?> f : List.copyOf(pending)) {
      f.completeExceptionally(gone);
    }
  }
}
