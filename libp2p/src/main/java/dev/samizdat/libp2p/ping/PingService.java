package dev.samizdat.libp2p.ping;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamHandler;
import dev.samizdat.libp2p.host.StreamReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p ping protocol (specs: ping/ping.md): the dialer sends 32 random bytes, the listener
 * echoes them, on one stream as often as the dialer likes. js-libp2p's connection monitor pings every
 * connection every 10 s and drops it when the ping fails, so serving ping keeps connections alive.
 */
public final class PingService implements StreamHandler {
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
  public static final int PAYLOAD_LENGTH = 32;
  /** js-libp2p's limit for inbound ping streams per connection; more would be a flood. */
  public static final int MAX_INBOUND_STREAMS_PER_CONNECTION = 2;
  /** js-libp2p's limit for outbound ping streams per connection; we keep to it too. */
  public static final int MAX_OUTBOUND_STREAMS_PER_CONNECTION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(PingService.class);

  private final Map<Connection, Integer> inbound = new ConcurrentHashMap<>();

  /** Serves an inbound ping stream: echoes what arrives until the remote closes its side. */
  @Override
  public void handle(Stream stream) {
    Connection connection = stream.connection();
    int open = inbound.merge(connection, 1, Integer::sum);
    stream.closed().whenComplete((v, e) -> inbound.computeIfPresent(connection, (c, n) -> n <= 1 ? null : n - 1));
    if (open > MAX_INBOUND_STREAMS_PER_CONNECTION) {
      LOG.debug("{} opened more than {} ping streams; resetting one", stream.remotePeer(),
          MAX_INBOUND_STREAMS_PER_CONNECTION);
      stream.reset();
      return;
    }
    stream.handler(data -> {
      stream.write(data);
      if (stream.writeQueueFull()) {
        stream.pause();
        stream.drainHandler(stream::resume);
      }
    });
    stream.endHandler(stream::closeWrite);
  }

  /**
   * Sends one ping on {@code stream} (already negotiated for {@link #PROTOCOL_ID}) and closes it.
   * Completes with the round-trip time; fails with {@link ProtocolViolationException} if the echo
   * differs.
   */
  public static CompletableFuture<Duration> ping(Stream stream, SecureRandom random, LongSupplier nanoTime) {
    byte[] payload = new byte[PAYLOAD_LENGTH];
    random.nextBytes(payload);
    StreamReader reader = new StreamReader(stream);
    long start = nanoTime.getAsLong();
    stream.write(payload);
    return reader.readExactly(PAYLOAD_LENGTH).thenApply(echo -> {
      long elapsed = nanoTime.getAsLong() - start;
      if (!Bytes.constantTimeEquals(payload, echo)) {
        stream.reset();
        throw new ProtocolViolationException(stream.remotePeer() + " echoed a different ping payload");
      }
      stream.close();
      return Duration.ofNanos(elapsed);
    });
  }
}
