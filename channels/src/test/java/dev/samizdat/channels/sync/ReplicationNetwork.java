package dev.samizdat.channels.sync;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Nodes replicating one feed in memory: each link is a pair of {@link FeedReplicator}s whose messages
 * cross through the real frame codec. The adapter's duties are done as the node will do them:
 * appended entries are pushed on the node's other links, fork notices go to every link.
 */
final class ReplicationNetwork {
  private final FeedId feed;
  private final FeedReplicator.Limits limits;
  private final long nowMillis;
  private final List<Link> links = new ArrayList<>();
  final List<String> misbehaviour = new ArrayList<>();

  ReplicationNetwork(FeedId feed, FeedReplicator.Limits limits, long nowMillis) {
    this.feed = feed;
    this.limits = limits;
    this.nowMillis = nowMillis;
  }

  final class Node {
    final String name;
    InMemoryFeedStore store = new InMemoryFeedStore();
    Predicate<FeedId> allowed = id -> true;
    long verified;

    Node(String name) {
      this.name = name;
    }
  }

  private record Delivery(Side to, byte[] frame) {}

  private final class Side {
    final Node node;
    final FeedReplicator replicator;
    Side peer;

    Side(Node node) {
      this.node = node;
      this.replicator = new FeedReplicator(feed, node.store, id -> node.allowed.test(id), limits);
    }
  }

  private record Link(Side a, Side b) {}

  private final Deque<Delivery> inFlight = new ArrayDeque<>();

  Node node(String name) {
    return new Node(name);
  }

  /** Opens a stream between two nodes; both sides start. */
  void connect(Node x, Node y) {
    Side a = new Side(x);
    Side b = new Side(y);
    a.peer = b;
    b.peer = a;
    links.add(new Link(a, b));
    handle(a, a.replicator.start());
    handle(b, b.replicator.start());
  }

  void disconnect(Node node) {
    links.removeIf(link -> link.a().node == node || link.b().node == node);
    inFlight.removeIf(delivery -> delivery.to().node == node || delivery.to().peer.node == node);
  }

  /** Delivers messages until none is in flight; returns how many were delivered. */
  int run() {
    int delivered = 0;
    while (!inFlight.isEmpty()) {
      Delivery delivery = inFlight.poll();
      FeedFrames.Decoded decoded = FeedFrames.decode(delivery.frame()).orElseThrow();
      Side side = delivery.to();
      long before = side.replicator.entriesVerified();
      handle(side, side.replicator.onMessage(decoded.message(), nowMillis));
      side.node.verified += side.replicator.entriesVerified() - before;
      delivered++;
    }
    return delivered;
  }

  private void handle(Side from, List<SyncAction> actions) {
    for (SyncAction action : actions) {
      if (action instanceof SyncAction.Send send) {
        inFlight.add(new Delivery(from.peer, FeedFrames.encode(send.message())));
      } else if (action instanceof SyncAction.Appended appended) {
        for (Side other : sidesOf(from.node)) {
          if (other != from) {
            handle(other, other.replicator.onLocalAppend(appended.entries()));
          }
        }
      } else if (action instanceof SyncAction.ForkFound fork) {
        for (Side side : sidesOf(from.node)) {
          inFlight.add(new Delivery(side.peer, FeedFrames.encode(fork.notice())));
        }
      } else if (action instanceof SyncAction.Misbehaving bad) {
        misbehaviour.add(from.node.name + " reports " + from.peer.node.name + ": " + bad.reason());
      }
    }
  }

  /** Entries written locally on {@code node}: pushed on all its links. */
  void appendedLocally(Node node, List<dev.samizdat.channels.feed.FeedEntry> entries) {
    for (Side side : sidesOf(node)) {
      handle(side, side.replicator.onLocalAppend(entries));
    }
  }

  private List<Side> sidesOf(Node node) {
    List<Side> sides = new ArrayList<>();
    for (Link link : links) {
      if (link.a().node == node) {
        sides.add(link.a());
      }
      if (link.b().node == node) {
        sides.add(link.b());
      }
    }
    return sides;
  }
}
