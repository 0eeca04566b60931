package dev.samizdat.node.dht;

import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.message.KadCodec;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.server.HandlerOutcome;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamHandler;
import dev.samizdat.libp2p.host.StreamReader;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves inbound kad-dht streams: reads requests one at a time (a peer may send several on one
 * stream, as go does), has {@link KadDht#handleRequest} answer each on {@code executor} (record and
 * routing-table writes touch the database), writes the reply, and reads the next until the remote
 * closes. A malformed request or a refused one resets the stream; a request that needs no answer
 * ends it.
 */
final class KadStreamHandler implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(KadStreamHandler.class);
  /** Requests served on one stream before we close it: bounds what one stream can make us do. */
  static final int MAX_REQUESTS_PER_STREAM = 32;

  private final KadDht dht;
  private final Executor executor;

  KadStreamHandler(KadDht dht, Executor executor) {
    this.dht = dht;
    this.executor = executor;
  }

  @Override
  public void handle(Stream stream) {
    serve(stream, new StreamReader(stream), 0);
  }

  private void serve(Stream stream, StreamReader reader, int served) {
    if (served == MAX_REQUESTS_PER_STREAM) {
      stream.close();
      return;
    }
    reader.readDelimited(KadCodec.MAX_MESSAGE_SIZE)
        .thenComposeAsync(body -> {
          if (body == null) {
            stream.close();
            return CompletableFuture.completedFuture(false);
          }
          KadMessage request = KadCodec.decodeBody(ByteBuffer.wrap(body));
          HandlerOutcome outcome = dht.handleRequest(stream.remotePeer(), request);
          if (outcome instanceof HandlerOutcome.Reply reply) {
            return stream.write(KadCodec.encode(reply.response())).thenApply(v -> true);
          }
          if (outcome instanceof HandlerOutcome.NoReply) {
            stream.close();
          } else {
            LOG.debug("kad request from {} not served: {}", stream.remotePeer(), outcome);
            stream.reset();
          }
          return CompletableFuture.completedFuture(false);
        }, executor)
        .whenComplete((more, e) -> {
          if (e != null) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof InvalidMessageException) {
              dht.reportInvalid(stream.remotePeer());
            }
            LOG.debug("kad stream from {} failed: {}", stream.remotePeer(), cause.toString());
            stream.reset();
          } else if (more) {
            serve(stream, reader, served + 1);
          }
        });
  }
}
