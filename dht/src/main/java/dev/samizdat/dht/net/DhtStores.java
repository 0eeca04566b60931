package dev.samizdat.dht.net;

import dev.samizdat.dht.provider.InMemoryProviderStore;
import dev.samizdat.dht.provider.ProviderStore;
import dev.samizdat.dht.record.InMemoryRecordStore;
import dev.samizdat.dht.record.RecordStore;
import dev.samizdat.dht.routing.InMemoryRoutingTableStore;
import dev.samizdat.dht.routing.RoutingTableStore;

/** Where a DHT node keeps its routing table, the records it holds for others, and provider entries. */
public record DhtStores(RoutingTableStore routingTable, RecordStore records, ProviderStore providers) {
  public static DhtStores inMemory() {
    return new DhtStores(new InMemoryRoutingTableStore(), new InMemoryRecordStore(), new InMemoryProviderStore());
  }
}
