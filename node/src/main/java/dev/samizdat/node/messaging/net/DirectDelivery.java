package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * Offers a sealed envelope to its recipient over {@code /samizdat/msg/1.0.0}. Thread-safe; the
 * future never fails: an unreachable peer is {@link DeliveryResult.Unreachable}.
 */
public interface DirectDelivery {
  CompletableFuture<DeliveryResult> deliver(PeerId to, byte[] envelope);
}
