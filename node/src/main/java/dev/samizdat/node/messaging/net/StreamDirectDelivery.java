package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.concurrent.CompletableFuture;

/** {@link DirectDelivery} over any {@link RequestChannel} with the {@link DeliveryProtocol} codec. */
public final class StreamDirectDelivery implements DirectDelivery {
  private final RequestChannel channel;

  public StreamDirectDelivery(RequestChannel channel) {
    this.channel = channel;
  }

  @Override
  public CompletableFuture<DeliveryResult> deliver(PeerId to, byte[] envelope) {
    CompletableFuture<byte[]> answer;
    try {
      answer = channel.request(to, DeliveryProtocol.PROTOCOL_ID, DeliveryProtocol.encodeRequest(envelope),
          DeliveryProtocol.MAX_RESPONSE_BYTES);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle((bytes, failure) -> {
      if (failure != null) {
        return new DeliveryResult.Unreachable(describe(failure));
      }
      try {
        return DeliveryProtocol.decodeResponse(bytes);
      } catch (RuntimeException e) {
        return new DeliveryResult.Unreachable("broken answer from " + to + ": " + e.getMessage());
      }
    });
  }

  static String describe(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
