package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Offers encrypted frames to their recipient over {@code /samizdat/msg/1.0.0}, in one request.
 * Thread-safe; the future never fails and holds one result per frame, in order: when the peer is
 * unreachable every result is {@link DeliveryResult.Unreachable}.
 */
public interface DirectDelivery {
  CompletableFuture<List<DeliveryResult>> deliver(PeerId to, List<byte[]> frames);
}
