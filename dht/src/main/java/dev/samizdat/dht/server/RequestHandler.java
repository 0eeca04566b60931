package dev.samizdat.dht.server;

import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.message.DhtRecord;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.provider.ProviderStore;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.dht.routing.RoutingTable;
import dev.samizdat.libp2p.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server side of kad-dht (spec: "RPC messages"): turns a request from an authenticated peer
 * into a response, validating every input, and storing only what the namespaces' validators accept
 * and the limits allow. Pure apart from the stores it is given; thread-safe if they are.
 */
public final class RequestHandler {
  private final PeerId self;
  private final RoutingTable table;
  private final RecordStore records;
  private final ProviderStore providers;
  private final RecordNamespaces namespaces;
  private final DhtConfig config;
  private final Function<byte[], Optional<PeerAddresses>> localProvider;

  /**
   * @param localProvider this node's own entry for a key it provides itself: it answers for itself,
   *     as go-libp2p does, so that a peer that asks it finds it even when the nodes that held its
   *     announcement have since forgotten it
   */
  public RequestHandler(PeerId self, RoutingTable table, RecordStore records, ProviderStore providers,
      RecordNamespaces namespaces, DhtConfig config, Function<byte[], Optional<PeerAddresses>> localProvider) {
    this.self = self;
    this.table = table;
    this.records = records;
    this.providers = providers;
    this.namespaces = namespaces;
    this.config = config;
    this.localProvider = localProvider;
  }

  /** Handles {@code request} from {@code from} (the id the secure channel authenticated). */
  public HandlerOutcome handle(PeerId from, KadMessage request, long nowMillis) {
    try {
      return switch (request.type()) {
        case PING -> new HandlerOutcome.Reply(KadMessage.ping());
        case FIND_NODE -> new HandlerOutcome.Reply(
            KadMessage.findNode(requireKey(request)).withCloserPeers(closer(request.key(), from)));
        case GET_VALUE -> getValue(from, request, nowMillis);
        case PUT_VALUE -> putValue(from, request, nowMillis);
        case GET_PROVIDERS -> getProviders(from, request, nowMillis);
        case ADD_PROVIDER -> addProvider(from, request, nowMillis);
      };
    } catch (InvalidMessageException e) {
      return new HandlerOutcome.Refused(e.getMessage());
    }
  }

  private HandlerOutcome getValue(PeerId from, KadMessage request, long nowMillis) {
    byte[] key = requireKey(request);
    KadMessage response = KadMessage.getValue(key).withCloserPeers(closer(key, from));
    Optional<RecordStore.Stored> held = records.get(key);
    if (held.isPresent()) {
      RecordStore.Stored s = held.get();
      if (isStillValid(s, nowMillis)) {
        response = response.withRecord(
            new DhtRecord(key, s.value(), Instant.ofEpochMilli(s.receivedAtMillis())));
      } else {
        records.remove(key);
      }
    }
    return new HandlerOutcome.Reply(response);
  }

  private HandlerOutcome putValue(PeerId from, KadMessage request, long nowMillis) {
    byte[] key = requireKey(request);
    DhtRecord record = request.record();
    if (record == null) {
      throw new InvalidMessageException("PUT_VALUE without a record");
    }
    if (!Arrays.equals(record.key(), key)) {
      throw new InvalidMessageException("PUT_VALUE record key differs from the message key");
    }
    byte[] value = record.value();
    namespaces.validate(key, value, nowMillis);
    Optional<RecordStore.Stored> existing = records.get(key);
    if (existing.isPresent() && isStillValid(existing.get(), nowMillis)) {
      byte[] old = existing.get().value();
      // Like go-libp2p-kad-dht: a record worse than the one held is refused, not echoed, so that the
      // sender learns it did not store it. The same value again refreshes the record.
      if (!Arrays.equals(old, value) && namespaces.select(key, List.of(value, old)) != 0) {
        return new HandlerOutcome.Declined("holding a better record for this key");
      }
    } else {
      if (records.size() >= config.maxRecords()) {
        return new HandlerOutcome.Declined("holding " + records.size() + " records, the limit");
      }
      if (records.countFrom(from) >= config.maxRecordsPerPeer()) {
        return new HandlerOutcome.Declined(from + " already has " + config.maxRecordsPerPeer() + " records here");
      }
    }
    records.put(new RecordStore.Stored(key, value, from, nowMillis));
    return new HandlerOutcome.Reply(request);
  }

  private HandlerOutcome getProviders(PeerId from, KadMessage request, long nowMillis) {
    byte[] key = requireKey(request);
    List<PeerAddresses> found = new ArrayList<>();
    localProvider.apply(key).ifPresent(found::add);
    for (ProviderStore.Provider p : providers.get(key, nowMillis, config.providersReturned())) {
      if (found.size() < config.providersReturned() && !p.peer().id().equals(self)) {
        found.add(p.peer());
      }
    }
    return new HandlerOutcome.Reply(
        KadMessage.getProviders(key).withCloserPeers(closer(key, from)).withProviderPeers(found));
  }

  /** Only the sender's own entry counts (kad-dht spec); entries for other peers are ignored. */
  private HandlerOutcome addProvider(PeerId from, KadMessage request, long nowMillis) {
    byte[] key = requireKey(request);
    PeerAddresses announced = null;
    for (PeerAddresses p : request.providerPeers()) {
      if (p.id().equals(from)) {
        announced = p;
      }
    }
    if (announced == null) {
      throw new InvalidMessageException("ADD_PROVIDER names no provider that is the sender " + from);
    }
    if (!providers.contains(key, from)) {
      if (providers.countFor(from) >= config.maxProvidedKeysPerPeer()) {
        return new HandlerOutcome.Declined(from + " already provides " + config.maxProvidedKeysPerPeer() + " keys");
      }
      if (providers.size() >= config.maxProviders()) {
        return new HandlerOutcome.Declined("holding " + providers.size() + " provider entries, the limit");
      }
      if (providers.countForKey(key) >= config.maxProvidersPerKey()) {
        providers.evictSoonestExpiring(key);
      }
    }
    providers.put(key, new ProviderStore.Provider(announced, nowMillis + config.providerTtlMillis()));
    return new HandlerOutcome.NoReply();
  }

  private boolean isStillValid(RecordStore.Stored s, long nowMillis) {
    if (nowMillis - s.receivedAtMillis() >= config.recordMaxAgeMillis()) {
      return false;
    }
    try {
      namespaces.validate(s.key(), s.value(), nowMillis);
      return true;
    } catch (InvalidMessageException e) {
      return false;
    }
  }

  private List<PeerAddresses> closer(byte[] key, PeerId requester) {
    List<PeerAddresses> out = new ArrayList<>(config.lookup().k());
    for (PeerAddresses p : table.closest(KadId.ofKey(key), config.lookup().k() + 1)) {
      if (!p.id().equals(requester) && out.size() < config.lookup().k()) {
        out.add(p);
      }
    }
    return out;
  }

  private static byte[] requireKey(KadMessage request) {
    byte[] key = request.key();
    if (key.length == 0) {
      throw new InvalidMessageException(request.type() + " without a key");
    }
    return key;
  }

  /** The record held for {@code key}, if it is still valid (an expired one is dropped). */
  public Optional<byte[]> heldValue(byte[] key, long nowMillis) {
    Optional<RecordStore.Stored> held = records.get(key);
    if (held.isEmpty()) {
      return Optional.empty();
    }
    if (!isStillValid(held.get(), nowMillis)) {
      records.remove(key);
      return Optional.empty();
    }
    return Optional.of(held.get().value());
  }

  /** Holds {@code value} for {@code key} (a better value found by our own lookup). */
  public void hold(byte[] key, byte[] value, long nowMillis) {
    records.put(new RecordStore.Stored(key, value, self, nowMillis));
  }

  /** The id of this node (responses never list it as a closer peer: it is the responder). */
  public PeerId self() {
    return self;
  }

  /** Drops expired records and provider entries; returns how many went. */
  public int removeExpired(long nowMillis) {
    return records.removeIf(s -> !isStillValid(s, nowMillis)) + providers.removeExpired(nowMillis);
  }
}
