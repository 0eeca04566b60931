package dev.samizdat.dht;

import dev.samizdat.dht.query.LookupConfig;
import dev.samizdat.dht.routing.RoutingConfig;

/**
 * Everything tunable in a DHT node. The limits bound what other peers can make us store.
 *
 * @param maxRecords records held for others in total
 * @param maxRecordsPerPeer records one peer may have us hold
 * @param maxProviders provider entries in total
 * @param maxProvidersPerKey providers kept per key (the soonest expiring makes room)
 * @param maxProvidedKeysPerPeer keys one peer may announce itself provider of
 * @param providersReturned providers returned per GET_PROVIDERS
 * @param recordMaxAgeMillis a held record is dropped this long after we received it (48 h)
 * @param providerTtlMillis a provider entry lives this long (kad-dht spec: 24 h; js 48 h)
 * @param republishIntervalMillis owners republish records and provider entries this often
 * @param getValueQuorum GET_VALUE ends once this many valid values are in
 */
public record DhtConfig(
    RoutingConfig routing,
    LookupConfig lookup,
    int maxRecords,
    int maxRecordsPerPeer,
    int maxProviders,
    int maxProvidersPerKey,
    int maxProvidedKeysPerPeer,
    int providersReturned,
    long recordMaxAgeMillis,
    long providerTtlMillis,
    long republishIntervalMillis,
    int getValueQuorum) {

  public static final long HOUR = 3600_000L;

  public static final DhtConfig DEFAULT = new DhtConfig(RoutingConfig.DEFAULT, LookupConfig.DEFAULT,
      50_000, 256, 200_000, 64, 1024, 20, 48 * HOUR, 48 * HOUR, 22 * HOUR, 4);

  public DhtConfig withRouting(RoutingConfig r) {
    return new DhtConfig(r, lookup, maxRecords, maxRecordsPerPeer, maxProviders, maxProvidersPerKey,
        maxProvidedKeysPerPeer, providersReturned, recordMaxAgeMillis, providerTtlMillis,
        republishIntervalMillis, getValueQuorum);
  }

  public DhtConfig withLookup(LookupConfig l) {
    return new DhtConfig(routing, l, maxRecords, maxRecordsPerPeer, maxProviders, maxProvidersPerKey,
        maxProvidedKeysPerPeer, providersReturned, recordMaxAgeMillis, providerTtlMillis,
        republishIntervalMillis, getValueQuorum);
  }
}
