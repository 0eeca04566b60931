package dev.samizdat.dht.net;

import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.message.KadCodec;
import java.time.Duration;

/**
 * How a {@link Dht} runs over a Host.
 *
 * @param protocolId the kad protocol served and spoken ({@link #SAMIZDAT_PROTOCOL}; {@link
 *     #IPFS_PROTOCOL} talks to the public IPFS DHT)
 * @param config the DHT's limits and timeouts; {@code config.lookup().requestTimeoutMillis()} also
 *     bounds each request stream
 * @param maxRequestSize the largest inbound request accepted
 * @param streamIdleTimeout an inbound kad stream with no request for this long is reset
 * @param maintenanceInterval how often {@link dev.samizdat.dht.KadDht#maintain()} runs
 * @param loopbackAllowed whether the node runs on loopback on purpose (tests, a local demo): then
 *     loopback addresses are dialled and escape the routing table's per-network limit
 */
public record DhtOptions(
    String protocolId,
    DhtConfig config,
    int maxRequestSize,
    Duration streamIdleTimeout,
    Duration maintenanceInterval,
    boolean loopbackAllowed) {

  public static final String SAMIZDAT_PROTOCOL = "/samizdat/kad/1.0.0";
  public static final String IPFS_PROTOCOL = "/ipfs/kad/1.0.0";
  /**
   * The largest request a conforming peer sends is a PUT_VALUE; records are at most 16 KiB here
   * and about 10 KiB on IPFS (IPNS), so 64 KiB leaves room for the framing while keeping a stranger
   * from making us buffer the 4 MiB that replies may take.
   */
  public static final int DEFAULT_MAX_REQUEST_SIZE = 64 * 1024;
  /** go-libp2p-kad-dht keeps an idle inbound stream for a minute. */
  public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(1);
  /** Buckets go stale after 10 minutes; checking every minute keeps refreshes and republishes on time. */
  public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofMinutes(1);

  public DhtOptions {
    if (protocolId == null || !protocolId.startsWith("/")) {
      throw new IllegalArgumentException("protocol id must start with '/': " + protocolId);
    }
    if (maxRequestSize < 1 || maxRequestSize > KadCodec.MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("maxRequestSize must be in 1.." + KadCodec.MAX_MESSAGE_SIZE);
    }
    if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()
        || maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
      throw new IllegalArgumentException("timeouts and intervals must be positive");
    }
  }

  public static DhtOptions defaults() {
    return new DhtOptions(SAMIZDAT_PROTOCOL, DhtConfig.DEFAULT, DEFAULT_MAX_REQUEST_SIZE,
        DEFAULT_STREAM_IDLE_TIMEOUT, DEFAULT_MAINTENANCE_INTERVAL, false);
  }

  public DhtOptions withProtocolId(String id) {
    return new DhtOptions(id, config, maxRequestSize, streamIdleTimeout, maintenanceInterval, loopbackAllowed);
  }

  public DhtOptions withConfig(DhtConfig c) {
    return new DhtOptions(protocolId, c, maxRequestSize, streamIdleTimeout, maintenanceInterval, loopbackAllowed);
  }

  public DhtOptions withMaintenanceInterval(Duration d) {
    return new DhtOptions(protocolId, config, maxRequestSize, streamIdleTimeout, d, loopbackAllowed);
  }

  /** Loopback addresses allowed, and exempt from the routing table's per-network limit. */
  public DhtOptions withLoopbackAllowed(boolean allowed) {
    return new DhtOptions(protocolId, config.withRouting(config.routing().withExemptLoopback(allowed)),
        maxRequestSize, streamIdleTimeout, maintenanceInterval, allowed);
  }
}
