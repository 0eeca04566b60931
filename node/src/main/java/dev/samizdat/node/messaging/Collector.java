package dev.samizdat.node.messaging;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.EnvelopeId;
import dev.samizdat.node.messaging.net.MailboxClient;
import dev.samizdat.node.messaging.net.MailboxResult;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.net.OwnerProof;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects this node's envelopes from its mailbox nodes: fetch a page with a signed owner proof,
 * receive each envelope (stored durably, or recognised as a duplicate, or refused for good), then
 * delete that page with a fresh proof and fetch again while the node has more. Thread-safe.
 */
final class Collector {
  /** Pages per mailbox node in one collection: 64 × 64 = 4,096 envelopes, beyond any per-recipient limit. */
  static final int MAX_PAGES_PER_NODE = 64;

  private final Core core;
  private final Inbound inbound;
  private final MailboxClient mailboxes;
  private final MessagingDht dht;

  Collector(Core core, Inbound inbound, MailboxClient mailboxes, MessagingDht dht) {
    this.core = core;
    this.inbound = inbound;
    this.mailboxes = mailboxes;
    this.dht = dht;
  }

  /** Collects from every mailbox node; completes with the number of new messages and receipts. */
  CompletableFuture<Integer> collect() {
    int replicas = core.settings.mailboxReplicas();
    // One node beyond the replicas senders use: a sender whose view of the DHT differed a little may
    // have left envelopes one place further out. One more again, as this node may be among them.
    return dht.closestPeers(PrekeyRecords.mailboxKey(core.identity.publicKey()), replicas + 2)
        .thenCompose(nodes -> {
          List<PeerId> others = nodes.stream().filter(n -> !n.equals(core.self)).limit(replicas + 1).toList();
          return collectFrom(others, 0, 0);
        });
  }

  private CompletableFuture<Integer> collectFrom(List<PeerId> nodes, int index, int received) {
    if (index == nodes.size()) {
      return CompletableFuture.completedFuture(received);
    }
    return page(nodes.get(index), 0, 0).thenCompose(n -> collectFrom(nodes, index + 1, received + n));
  }

  private CompletableFuture<Integer> page(PeerId node, int pageNumber, int received) {
    OwnerProof fetchProof = OwnerProof.sign(core.identity, node, OwnerProof.Operation.FETCH, List.of(),
        core.clock.millis(), core.random);
    return mailboxes.fetch(node, fetchProof).thenCompose(result -> {
      if (!result.isOk() || result.envelopes().isEmpty()) {
        return CompletableFuture.completedFuture(received);
      }
      int accepted = 0;
      List<EnvelopeId> done = new ArrayList<>();
      for (MailboxResult.Stored stored : result.envelopes()) {
        DeliveryResult outcome = inbound.receiveSealed(stored.envelope());
        if (outcome instanceof DeliveryResult.TryLater) {
          break; // this node is stopping: the mailbox keeps this one and the rest until the next start
        }
        if (outcome instanceof DeliveryResult.Accepted) {
          accepted++;
        }
        // Accepted, duplicate or refused for good: in every case the mailbox need not keep it.
        done.add(stored.id());
      }
      int total = received + accepted;
      boolean allTaken = done.size() == result.envelopes().size();
      OwnerProof deleteProof = OwnerProof.sign(core.identity, node, OwnerProof.Operation.DELETE, done,
          core.clock.millis(), core.random);
      return mailboxes.delete(node, deleteProof, done).thenCompose(deleted -> {
        if (deleted.isOk() && result.more() && allTaken && pageNumber + 1 < MAX_PAGES_PER_NODE) {
          return page(node, pageNumber + 1, total);
        }
        return CompletableFuture.completedFuture(total);
      });
    });
  }
}
