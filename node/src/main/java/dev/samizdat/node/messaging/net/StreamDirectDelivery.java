package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link DirectDelivery} over any {@link RequestChannel} with the {@link DeliveryProtocol} codec. */
public final class StreamDirectDelivery implements DirectDelivery {
  private final RequestChannel channel;

  public StreamDirectDelivery(RequestChannel channel) {
    this.channel = channel;
  }

  @Override
  public CompletableFuture<List<DeliveryResult>> deliver(PeerId to, List<byte[]> frames) {
    CompletableFuture<byte[]> answer;
    try {
      answer = channel.request(to, DeliveryProtocol.PROTOCOL_ID, DeliveryProtocol.encodeRequest(frames),
          DeliveryProtocol.MAX_RESPONSE_BYTES);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle((bytes, failure) -> {
      if (failure != null) {
        return unreachable(frames.size(), Failures.describe(failure));
      }
      try {
        return DeliveryProtocol.decodeResponse(bytes, frames.size());
      } catch (RuntimeException e) {
        return unreachable(frames.size(), "broken answer from " + to + ": " + e.getMessage());
      }
    });
  }

  private static List<DeliveryResult> unreachable(int count, String reason) {
    return Collections.nCopies(count, new DeliveryResult.Unreachable(reason));
  }
}
