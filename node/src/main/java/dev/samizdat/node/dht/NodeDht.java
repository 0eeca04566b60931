package dev.samizdat.node.dht;

import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.provider.InMemoryProviderStore;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.dht.record.SignedRecordValidator;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's DHT in server mode over its libp2p {@link Host}: serves the kad protocol, learns peers
 * from identify ({@link PeerIdentifier}), keeps its routing table and the records it holds in the
 * database, runs upkeep every minute, and is what messaging sees as {@link MessagingDht}.
 * Thread-safe; every future completes on the DHT's own threads.
 */
public final class NodeDht implements MessagingDht, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDht.class);
  /** kad-dht implementations refresh and republish on a scale of minutes; a minute keeps us current. */
  static final long MAINTENANCE_INTERVAL_MILLIS = 60_000;

  private final Host host;
  private final String protocolId;
  private final ExecutorDhtScheduler scheduler;
  private final KadDht kad;
  private final RocksRecordStore records;
  private final InMemoryProviderStore providers = new InMemoryProviderStore();
  private final PeerIdentifier identifier;
  private final PrekeyNamespace prekeys = new PrekeyNamespace();
  private volatile boolean closed;
  private volatile dev.samizdat.dht.Scheduler.Cancellable maintenance;

  /**
   * @param loopbackOnly whether the node listens on loopback only (tests, the demo): then loopback
   *     peers escape the routing table's per-network limit, which would otherwise cap a local network
   */
  public NodeDht(Host host, Database db, String protocolId, Clock clock, Random random, boolean loopbackOnly) {
    this.host = host;
    this.protocolId = protocolId;
    this.scheduler = new ExecutorDhtScheduler(clock);
    this.records = new RocksRecordStore(db);
    DhtConfig config = DhtConfig.DEFAULT.withRouting(DhtConfig.DEFAULT.routing().withExemptLoopback(loopbackOnly));
    SignedRecordValidator signed = new SignedRecordValidator("sz");
    var feedHeads = dev.samizdat.node.channels.ChannelsNodeService.headNamespace(db, clock);
    RecordNamespaces namespaces = new RecordNamespaces(Map.of(
        signed.namespace(), new RecordNamespaces.Rules(signed, signed),
        PrekeyNamespace.NAMESPACE, new RecordNamespaces.Rules(prekeys, prekeys),
        feedHeads.getKey(), feedHeads.getValue()));
    PeerAddresses self = new PeerAddresses(host.peerId(), List.of());
    this.kad = new KadDht(self, config, new HostKadNetwork(host, protocolId, scheduler), scheduler, random,
        new RocksRoutingTableStore(db), records, providers, namespaces);
    this.identifier = new PeerIdentifier(host, kad, protocolId, scheduler);
  }

  /** Serves the kad protocol, restores the routing table and starts learning peers and upkeep. */
  public void start() {
    int restored = kad.routingTable().restore(scheduler.nowMillis());
    host.setHandler(protocolId, new KadStreamHandler(kad, scheduler));
    host.addConnectionListener(identifier);
    scheduleMaintenance();
    LOG.debug("DHT started with {} peers restored from the store", restored);
  }

  /**
   * Joins the network through {@code seeds} (multiaddrs ending in /p2p/…) and the restored routing
   * table: a lookup of our own id, then a refresh of every bucket.
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
    return CompletableFuture.supplyAsync(() -> kad.bootstrap(peers), scheduler).thenCompose(f -> f)
        .thenCompose(found -> kad.refreshAllBuckets().thenApply(v -> found));
  }

  public KadDht kad() {
    return kad;
  }

  public int routingTableSize() {
    return kad.routingTable().size();
  }

  public int recordCount() {
    return records.size();
  }

  public int providerCount() {
    return providers.size();
  }

  /** The addresses of {@code peer}, from the routing table or a lookup. */
  public CompletableFuture<Optional<PeerAddresses>> findPeer(PeerId peer) {
    Optional<PeerAddresses> known = kad.routingTable().find(peer);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return kad.findPeer(peer);
  }

  /**
   * Stores the record here too (a node holds its own records, as go-libp2p-kad-dht does, so that
   * whoever asks this node finds them) and with the closest peers; fails when no peer took it.
   */
  @Override
  public CompletableFuture<Void> put(byte[] key, byte[] value) {
    byte[] dhtKey = PrekeyNamespace.dhtKey(key);
    try {
      prekeys.validate(dhtKey, value, scheduler.nowMillis());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    storeLocally(dhtKey, value);
    return kad.putValue(dhtKey, value).thenAccept(result -> {
      if (result.stored() == 0) {
        throw new Libp2pException("no DHT peer took the record (" + result.lookup().closest().size()
            + " peers found)");
      }
    });
  }

  /** The best of what this node holds and what a lookup finds. */
  @Override
  public CompletableFuture<Optional<byte[]>> get(byte[] key) {
    byte[] dhtKey = PrekeyNamespace.dhtKey(key);
    return kad.getValue(dhtKey).thenApply(found -> {
      List<byte[]> candidates = new ArrayList<>();
      found.value().ifPresent(candidates::add);
      records.get(dhtKey).map(RecordStore.Stored::value).filter(v -> valid(dhtKey, v)).ifPresent(candidates::add);
      if (candidates.isEmpty()) {
        return Optional.<byte[]>empty();
      }
      byte[] best = candidates.get(prekeys.select(dhtKey, candidates));
      storeLocally(dhtKey, best);
      return Optional.of(best);
    });
  }

  private boolean valid(byte[] dhtKey, byte[] value) {
    try {
      prekeys.validate(dhtKey, value, scheduler.nowMillis());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Keeps {@code value} unless what is held already is at least as good. */
  private void storeLocally(byte[] dhtKey, byte[] value) {
    Optional<byte[]> held = records.get(dhtKey).map(RecordStore.Stored::value).filter(v -> valid(dhtKey, v));
    if (held.isEmpty() || prekeys.select(dhtKey, List.of(held.get(), value)) == 1) {
      records.put(new RecordStore.Stored(dhtKey, value, host.peerId(), scheduler.nowMillis()));
    }
  }

  @Override
  public CompletableFuture<List<PeerId>> closestPeers(byte[] key, int count) {
    KadId target = KadId.ofKey(key);
    return kad.findClosest(key, DhtConfig.DEFAULT.lookup()).thenApply(result -> {
      List<PeerId> ids = new ArrayList<>();
      ids.add(host.peerId());
      result.closest().forEach(p -> ids.add(p.id()));
      return ids.stream().distinct()
          .sorted((a, b) -> target.compareDistance(KadId.ofPeer(a), KadId.ofPeer(b)))
          .limit(count).toList();
    });
  }

  private void scheduleMaintenance() {
    if (closed) {
      return;
    }
    maintenance = scheduler.schedule(MAINTENANCE_INTERVAL_MILLIS, () -> kad.maintain().whenComplete((v, e) -> {
      if (e != null) {
        LOG.debug("DHT upkeep failed: {}", e.toString());
      }
      scheduleMaintenance();
    }));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.removeHandler(protocolId);
    host.removeConnectionListener(identifier);
    var m = maintenance;
    if (m != null) {
      m.cancel();
    }
    scheduler.close();
  }
}
