package dev.samizdat.node.p2p;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamHandler;
import dev.samizdat.libp2p.host.StreamReader;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.net.FrameCodec;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a one-request, one-answer protocol on inbound streams: reads one {@link FrameCodec} frame
 * (at most {@code maxRequestBytes}), has {@code handler} answer it on {@code executor} (handlers write
 * to the database), writes the answer as one frame and ends the stream. A request that does not
 * decode, a handler that throws, or a full executor resets the stream.
 */
public final class RequestStreamHandler implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestStreamHandler.class);

  /** Answers one request payload; throwing means the remote broke the protocol. */
  @FunctionalInterface
  public interface Handler {
    byte[] handle(PeerId remote, byte[] request);
  }

  private final Handler handler;
  private final int maxRequestBytes;
  private final Executor executor;

  public RequestStreamHandler(Handler handler, int maxRequestBytes, Executor executor) {
    this.handler = handler;
    this.maxRequestBytes = maxRequestBytes;
    this.executor = executor;
  }

  @Override
  public void handle(Stream stream) {
    PeerId remote = stream.remotePeer();
    new StreamReader(stream).readDelimited(maxRequestBytes)
        .thenApplyAsync(request -> {
          if (request == null) {
            throw new IllegalStateException("stream closed before a request");
          }
          return handler.handle(remote, request);
        }, executor)
        .thenCompose(answer -> stream.write(FrameCodec.encode(answer, MessagingLimits.MAX_RESPONSE_FRAME_BYTES)))
        .thenCompose(v -> stream.closeWrite())
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.debug("{} request from {} failed: {}", stream.protocol(), remote, e.toString());
            stream.reset();
          } else {
            stream.close();
          }
        });
  }
}
