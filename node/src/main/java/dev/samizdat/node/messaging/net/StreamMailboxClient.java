package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.MessagingLimits;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link MailboxClient} over any {@link RequestChannel} with the {@link MailboxProtocol} codec. */
public final class StreamMailboxClient implements MailboxClient {
  private final RequestChannel channel;

  public StreamMailboxClient(RequestChannel channel) {
    this.channel = channel;
  }

  @Override
  public CompletableFuture<MailboxResult> deposit(PeerId node, byte[] envelope) {
    return send(node, new MailboxProtocol.Deposit(envelope));
  }

  @Override
  public CompletableFuture<MailboxResult> fetch(PeerId node, OwnerProof proof) {
    return send(node, new MailboxProtocol.Fetch(proof));
  }

  @Override
  public CompletableFuture<MailboxResult> delete(PeerId node, OwnerProof proof, List<EnvelopeId> ids) {
    return send(node, new MailboxProtocol.Delete(proof, ids));
  }

  private CompletableFuture<MailboxResult> send(PeerId node, MailboxProtocol.Request request) {
    CompletableFuture<byte[]> answer;
    try {
      answer = channel.request(node, MailboxProtocol.PROTOCOL_ID, MailboxProtocol.encodeRequest(request),
          MessagingLimits.MAX_RESPONSE_FRAME_BYTES);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle((bytes, failure) -> {
      if (failure != null) {
        return MailboxResult.failed(MailboxResult.Status.UNREACHABLE, Failures.describe(failure));
      }
      try {
        return MailboxProtocol.decodeResponse(bytes);
      } catch (RuntimeException e) {
        return MailboxResult.failed(MailboxResult.Status.UNREACHABLE,
            "broken answer from " + node + ": " + e.getMessage());
      }
    });
  }
}
