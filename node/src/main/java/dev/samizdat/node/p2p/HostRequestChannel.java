package dev.samizdat.node.p2p;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.StreamReader;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.net.FrameCodec;
import dev.samizdat.node.messaging.net.RequestChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link RequestChannel} over libp2p streams: a new stream per request, the request sent right behind
 * the protocol's proposal (only samizdat nodes serve these protocols, so waiting for the echo would
 * only cost a round trip); the request is one {@link FrameCodec} frame followed by our FIN, the answer one frame read with the
 * caller's limit. Futures complete on {@code executor} (messaging continues with synced database
 * writes, which must not run on an event loop), failed ones included. Thread-safe.
 */
public final class HostRequestChannel implements RequestChannel {
  private final Host host;
  private final Executor executor;
  private final Duration timeout;

  public HostRequestChannel(Host host, Executor executor, Duration timeout) {
    this.host = host;
    this.executor = executor;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<byte[]> request(PeerId peer, String protocolId, byte[] request, int maxResponseBytes) {
    // The largest request of any messaging protocol; the receiving handler applies its own limit.
    byte[] framed = FrameCodec.encode(request, MessagingLimits.MAX_DELIVER_REQUEST_BYTES);
    return host.newStreamLazily(peer, protocolId).thenCompose(stream -> {
      StreamReader reader = new StreamReader(stream);
      stream.write(framed);
      stream.closeWrite();
      return reader.readDelimited(maxResponseBytes).whenComplete((answer, e) -> {
        if (e != null) {
          stream.reset();
        } else {
          stream.close();
        }
      });
    }).thenApply(answer -> {
      if (answer == null) {
        throw new Libp2pException(peer + " closed the " + protocolId + " stream without answering");
      }
      return answer;
    }).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((answer, failure) -> {}, executor); // a failure too: a timeout fires on the JDK's timer
  }
}
