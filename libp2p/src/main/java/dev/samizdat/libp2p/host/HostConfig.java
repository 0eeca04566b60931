package dev.samizdat.libp2p.host;

import java.time.Duration;

/**
 * The Host's limits and timeouts. Every field is a bound on what a remote can make us hold or wait
 * for; the defaults follow js-libp2p's where one exists, so that the two agree on what is abusive.
 *
 * @param agentVersion sent in identify
 * @param maxConnections connections in total, both directions
 * @param maxConnectionsPerIp inbound connections from one remote IP address
 * @param maxHandshakesInFlight connections still upgrading (multistream, Noise, muxer) at once
 * @param handshakeTimeout the whole upgrade of one connection, both directions
 * @param negotiationTimeout multistream-select on one stream
 * @param idleTimeout a connection with no open stream and no traffic for this long is closed
 * @param requestTimeout any single remote call made through the Host (dial, identify, ping, newStream)
 * @param maxStreamsPerConnection open streams per connection, both directions
 * @param maxBufferedBytesPerConnection inbound bytes received but not yet read by the application on
 *     one connection; the remote exceeding it loses the connection. Yamux windows grow only within it,
 *     so a remote that keeps to its windows on up to {@code limit / 256 KiB} streams never reaches it
 * @param maxIdentifyMessageSize largest identify message accepted
 * @param inlineMuxerNegotiation offer {@code /yamux/1.0.0} in the Noise handshake payload so that
 *     the muxer is agreed without a multistream round trip (js does); when false, or when the remote
 *     offers none, the muxer is negotiated with multistream-select inside the Noise channel
 */
public record HostConfig(
    String agentVersion,
    int maxConnections,
    int maxConnectionsPerIp,
    int maxHandshakesInFlight,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int maxStreamsPerConnection,
    int maxBufferedBytesPerConnection,
    int maxIdentifyMessageSize,
    boolean inlineMuxerNegotiation) {

  public static final String DEFAULT_AGENT_VERSION = "samizdat/0.1.0";
  /** js-libp2p's default maximum; a messenger node talks to far fewer peers than that. */
  public static final int DEFAULT_MAX_CONNECTIONS = 300;
  /** Enough for a few nodes behind one NAT; stops one address from taking every slot. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 8;
  /** js-libp2p allows 10 pending inbound upgrades; each costs two X25519 and a signature check. */
  public static final int DEFAULT_MAX_HANDSHAKES_IN_FLIGHT = 10;
  /** js-libp2p's inbound upgrade timeout. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** js-libp2p's protocol negotiation timeout. */
  public static final Duration DEFAULT_NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
  /** Long enough that js's 10 s connection-monitor pings keep a live connection open. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** js-libp2p's yamux default (maxInboundStreams + maxOutboundStreams order of magnitude). */
  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 1024;
  /**
   * 32 MiB: 128 streams with a full 256 KiB yamux window each, or a few whose windows grew to 4 MiB
   * while their readers kept up (windows grow only while all of them together stay within it).
   * Windows bound what a remote can send per stream; this caps the sum, for a remote that opens more
   * streams than that and fills them all while our readers are paused.
   */
  public static final int DEFAULT_MAX_BUFFERED_BYTES_PER_CONNECTION = 32 << 20;
  /** js-libp2p's identify limit (8 KiB); a signed peer record with a few addresses fits easily. */
  public static final int DEFAULT_MAX_IDENTIFY_MESSAGE_SIZE = 8 * 1024;

  public HostConfig {
    requirePositive(maxConnections, "maxConnections");
    requirePositive(maxConnectionsPerIp, "maxConnectionsPerIp");
    requirePositive(maxHandshakesInFlight, "maxHandshakesInFlight");
    requirePositive(maxStreamsPerConnection, "maxStreamsPerConnection");
    requirePositive(maxBufferedBytesPerConnection, "maxBufferedBytesPerConnection");
    requirePositive(maxIdentifyMessageSize, "maxIdentifyMessageSize");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(negotiationTimeout, "negotiationTimeout");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    if (agentVersion == null || agentVersion.isEmpty()) {
      throw new IllegalArgumentException("agentVersion must not be empty");
    }
  }

  public static HostConfig defaults() {
    return new HostConfig(
        DEFAULT_AGENT_VERSION,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_IP,
        DEFAULT_MAX_HANDSHAKES_IN_FLIGHT,
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_NEGOTIATION_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_STREAMS_PER_CONNECTION,
        DEFAULT_MAX_BUFFERED_BYTES_PER_CONNECTION,
        DEFAULT_MAX_IDENTIFY_MESSAGE_SIZE,
        true);
  }

  public HostConfig withAgentVersion(String value) {
    return new HostConfig(value, maxConnections, maxConnectionsPerIp, maxHandshakesInFlight,
        handshakeTimeout, negotiationTimeout, idleTimeout, requestTimeout, maxStreamsPerConnection,
        maxBufferedBytesPerConnection, maxIdentifyMessageSize, inlineMuxerNegotiation);
  }

  public HostConfig withConnectionLimits(int total, int perIp, int handshakes) {
    return new HostConfig(agentVersion, total, perIp, handshakes, handshakeTimeout,
        negotiationTimeout, idleTimeout, requestTimeout, maxStreamsPerConnection,
        maxBufferedBytesPerConnection, maxIdentifyMessageSize, inlineMuxerNegotiation);
  }

  public HostConfig withTimeouts(Duration handshake, Duration negotiation, Duration idle, Duration request) {
    return new HostConfig(agentVersion, maxConnections, maxConnectionsPerIp, maxHandshakesInFlight,
        handshake, negotiation, idle, request, maxStreamsPerConnection,
        maxBufferedBytesPerConnection, maxIdentifyMessageSize, inlineMuxerNegotiation);
  }

  public HostConfig withStreamLimits(int streamsPerConnection, int bufferedBytesPerConnection) {
    return new HostConfig(agentVersion, maxConnections, maxConnectionsPerIp, maxHandshakesInFlight,
        handshakeTimeout, negotiationTimeout, idleTimeout, requestTimeout, streamsPerConnection,
        bufferedBytesPerConnection, maxIdentifyMessageSize, inlineMuxerNegotiation);
  }

  public HostConfig withInlineMuxerNegotiation(boolean value) {
    return new HostConfig(agentVersion, maxConnections, maxConnectionsPerIp, maxHandshakesInFlight,
        handshakeTimeout, negotiationTimeout, idleTimeout, requestTimeout, maxStreamsPerConnection,
        maxBufferedBytesPerConnection, maxIdentifyMessageSize, value);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
  }
}
