package dev.samizdat.node.messaging.net;

import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to a mailbox node over {@code /samizdat/mailbox/1.0.0}. Thread-safe; the futures never fail:
 * an unreachable node or a broken answer is reported in the result.
 */
public interface MailboxClient {
  CompletableFuture<MailboxResult> deposit(PeerId node, byte[] envelope);

  CompletableFuture<MailboxResult> fetch(PeerId node, OwnerProof proof);

  CompletableFuture<MailboxResult> delete(PeerId node, OwnerProof proof, List<EnvelopeId> ids);
}
