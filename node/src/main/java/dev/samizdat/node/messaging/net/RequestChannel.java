package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * One request, one response with a peer on a protocol: the adapter opens a stream for
 * {@code protocolId}, writes the request as one {@link FrameCodec} frame, reads one frame back (at
 * most {@code maxResponseBytes}) and closes the stream. Thread-safe. The future fails when the peer
 * cannot be reached, the stream breaks, or no answer comes within the adapter's timeout.
 */
public interface RequestChannel {
  CompletableFuture<byte[]> request(PeerId peer, String protocolId, byte[] request, int maxResponseBytes);
}
