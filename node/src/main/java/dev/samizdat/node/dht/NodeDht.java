package dev.samizdat.node.dht;

import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.net.Dht;
import dev.samizdat.dht.net.DhtOptions;
import dev.samizdat.dht.net.DhtStores;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.dht.record.SignedRecordValidator;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The node's DHT: a {@link Dht} in server mode over the node's libp2p {@link Host}, with the
 * routing table and held records in the database and the node's record namespaces (signed
 * {@code sz} records, prekey bundles, channel heads). It is what messaging sees as {@link
 * MessagingDht}, and it keeps the node's own prekey records locally too. Thread-safe; every future
 * completes on the DHT's own thread.
 */
public final class NodeDht implements MessagingDht, AutoCloseable {
  private final Host host;
  private final Clock clock;
  private final Random random;
  private final DhtOptions options;
  private final RocksRecordStore records;
  private final RocksProviderStore providers;
  private final DhtStores stores;
  private final RecordNamespaces namespaces;
  private final PrekeyNamespace prekeys = new PrekeyNamespace();
  private volatile Dht dht;
  private volatile boolean closed;

  /**
   * @param loopbackOnly whether the node listens on loopback only (tests, the demo): then loopback
   *     peers are dialled and escape the routing table's per-network limit, which would otherwise cap
   *     a local network
   */
  public NodeDht(Host host, Database db, String protocolId, Clock clock, Random random, boolean loopbackOnly) {
    this.host = host;
    this.clock = clock;
    this.random = random;
    this.options = DhtOptions.defaults().withProtocolId(protocolId).withLoopbackAllowed(loopbackOnly);
    this.records = new RocksRecordStore(db);
    this.providers = new RocksProviderStore(db, clock.millis());
    this.stores = new DhtStores(new RocksRoutingTableStore(db), records, providers);
    SignedRecordValidator signed = new SignedRecordValidator("sz");
    var feedHeads = ChannelsNodeService.headNamespace(db, clock);
    this.namespaces = new RecordNamespaces(Map.of(
        signed.namespace(), new RecordNamespaces.Rules(signed, signed),
        PrekeyNamespace.NAMESPACE, new RecordNamespaces.Rules(prekeys, prekeys),
        feedHeads.getKey(), feedHeads.getValue()));
  }

  /**
   * Serves the kad protocol, restores the routing table and starts learning peers and upkeep. Waits
   * for the restore, so call it from a thread that may block.
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("DHT is closed");
    }
    if (dht == null) {
      dht = Dht.start(host, options, stores, namespaces, clock, random);
    }
  }

  private Dht running() {
    Dht d = dht;
    if (d == null) {
      throw new IllegalStateException("DHT not started");
    }
    return d;
  }

  /**
   * Joins the network through {@code seeds} (multiaddrs ending in /p2p/…) and the restored routing
   * table: a lookup of our own id, then a refresh of every bucket.
   */
  public CompletableFuture<LookupResult> bootstrap(List<Multiaddr> seeds) {
    return running().bootstrap(seeds);
  }

  /** The DHT core (thread-safe), for the channels' feed directory. */
  public KadDht kad() {
    return running().kad();
  }

  public int routingTableSize() {
    Dht d = dht;
    return d == null ? 0 : d.routingTableSize();
  }

  public int recordCount() {
    return records.size();
  }

  public int providerCount() {
    return providers.size();
  }

  /** The addresses of {@code peer}, from the routing table or a lookup. */
  public CompletableFuture<Optional<PeerAddresses>> findPeer(PeerId peer) {
    return running().findPeer(peer);
  }

  /**
   * Stores the record here too (a node holds its own records, as go-libp2p-kad-dht does, so that
   * whoever asks this node finds them) and with the closest peers; fails when no peer took it.
   */
  @Override
  public CompletableFuture<Void> put(byte[] key, byte[] value) {
    byte[] dhtKey = PrekeyNamespace.dhtKey(key);
    try {
      prekeys.validate(dhtKey, value, clock.millis());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    storeLocally(dhtKey, value);
    return running().put(dhtKey, value).thenAccept(result -> {
      if (result.stored() == 0) {
        throw new Libp2pException("no DHT peer took the record (" + result.lookup().closest().size()
            + " peers found)");
      }
    });
  }

  /** The best of what this node holds and what a lookup finds; the best is then held here too. */
  @Override
  public CompletableFuture<Optional<byte[]>> get(byte[] key) {
    byte[] dhtKey = PrekeyNamespace.dhtKey(key);
    return running().get(dhtKey).thenApply(found -> {
      List<byte[]> candidates = new ArrayList<>();
      found.ifPresent(candidates::add);
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
      prekeys.validate(dhtKey, value, clock.millis());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Keeps {@code value} unless what is held already is at least as good. */
  private void storeLocally(byte[] dhtKey, byte[] value) {
    Optional<byte[]> held = records.get(dhtKey).map(RecordStore.Stored::value).filter(v -> valid(dhtKey, v));
    if (held.isEmpty() || prekeys.select(dhtKey, List.of(held.get(), value)) == 1) {
      records.put(new RecordStore.Stored(dhtKey, value, host.peerId(), clock.millis()));
    }
  }

  /** The {@code count} closest to {@code key} of this node and the peers a lookup finds. */
  @Override
  public CompletableFuture<List<PeerId>> closestPeers(byte[] key, int count) {
    KadId target = KadId.ofKey(key);
    return running().findClosest(key).thenApply(result -> {
      List<PeerId> ids = new ArrayList<>();
      ids.add(host.peerId());
      result.closest().forEach(p -> ids.add(p.id()));
      return ids.stream().distinct()
          .sorted((a, b) -> target.compareDistance(KadId.ofPeer(a), KadId.ofPeer(b)))
          .limit(count).toList();
    });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Dht d = dht;
    if (d != null) {
      d.close();
    }
  }
}
