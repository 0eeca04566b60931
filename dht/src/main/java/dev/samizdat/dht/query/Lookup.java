package dev.samizdat.dht.query;

import dev.samizdat.dht.KadId;
import dev.samizdat.dht.KadNetwork;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.Scheduler;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.query.LookupObserver.Verdict;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Drives {@link LookupState}s over a {@link KadNetwork}: sends the requests each path asks for,
 * applies the per-request timeout with the {@link Scheduler}, and completes when every path has
 * finished (or the observer stops it). The request is the same for every peer (FIND_NODE,
 * GET_VALUE or GET_PROVIDERS for one key). Thread-safe: events are serialized on the lookup.
 */
public final class Lookup {
  private final KadMessage request;
  private final LookupConfig config;
  private final KadNetwork network;
  private final Scheduler scheduler;
  private final LookupObserver observer;
  private final List<LookupState> paths = new ArrayList<>();
  private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
  private final long startedAt;
  private boolean stopped;

  private Lookup(KadMessage request, LookupConfig config, KadNetwork network, Scheduler scheduler,
      LookupObserver observer) {
    this.request = request;
    this.config = config;
    this.network = network;
    this.scheduler = scheduler;
    this.observer = observer;
    this.startedAt = scheduler.nowMillis();
  }

  /**
   * Starts a lookup for {@code request.key()} from {@code seeds} (the closest peers of our table).
   * The future never fails: a lookup that reaches nobody completes with an empty result.
   */
  public static CompletableFuture<LookupResult> start(KadMessage request, PeerId self,
      List<PeerAddresses> seeds, LookupConfig config, KadNetwork network, Scheduler scheduler,
      LookupObserver observer) {
    Lookup lookup = new Lookup(request, config, network, scheduler, observer);
    KadId target = KadId.ofKey(request.key());
    Set<PeerId> claimed = new HashSet<>();
    int d = Math.max(1, Math.min(config.disjointPaths(), seeds.size()));
    List<List<PeerAddresses>> split = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      split.add(new ArrayList<>());
    }
    for (int i = 0; i < seeds.size(); i++) {
      split.get(i % d).add(seeds.get(i));
    }
    for (int i = 0; i < d; i++) {
      LookupState state = new LookupState(target, config.k(), config.alpha(), self, claimed);
      state.addSeeds(split.get(i));
      lookup.paths.add(state);
    }
    lookup.advance();
    return lookup.result;
  }

  private void advance() {
    List<Runnable> sends = new ArrayList<>();
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      boolean allFinished = true;
      if (!stopped) {
        for (LookupState path : paths) {
          for (PeerAddresses p : path.nextRequests()) {
            sends.add(() -> send(path, p));
          }
          allFinished &= path.isFinished();
        }
      }
      if (stopped || (allFinished && sends.isEmpty())) {
        result.complete(summary());
        return;
      }
    }
    sends.forEach(Runnable::run);
  }

  private void send(LookupState path, PeerAddresses peer) {
    Scheduler.Cancellable timer = scheduler.schedule(config.requestTimeoutMillis(),
        () -> onFailure(path, peer, new TimeoutException("no answer from " + peer.id() + " in "
            + config.requestTimeoutMillis() + " ms")));
    CompletableFuture<KadMessage> reply;
    try {
      reply = network.send(peer, request);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((response, error) -> {
      timer.cancel();
      if (error != null) {
        onFailure(path, peer, error);
      } else {
        onResponse(path, peer, response);
      }
    });
  }

  private void onResponse(LookupState path, PeerAddresses peer, KadMessage response) {
    synchronized (this) {
      if (result.isDone() || !path.isAwaiting(peer.id())) {
        return;
      }
      Verdict verdict = observer.onResponse(peer, response);
      if (verdict == Verdict.INVALID) {
        path.onFailure(peer.id());
      } else {
        path.onResponse(peer.id(), response.closerPeers());
        if (verdict == Verdict.STOP) {
          stopped = true;
        }
      }
    }
    advance();
  }

  private void onFailure(LookupState path, PeerAddresses peer, Throwable error) {
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      int before = path.inFlight();
      path.onFailure(peer.id());
      if (path.inFlight() == before) {
        return;
      }
      observer.onFailure(peer, error);
    }
    advance();
  }

  private LookupResult summary() {
    KadId target = paths.get(0).target();
    List<PeerAddresses> merged = new ArrayList<>();
    Set<PeerId> seen = new HashSet<>();
    int hops = 0;
    int messages = 0;
    for (LookupState path : paths) {
      for (PeerAddresses p : path.closestResponded(config.k())) {
        if (seen.add(p.id())) {
          merged.add(p);
        }
      }
      hops = Math.max(hops, path.hopsToClosest());
      messages += path.requestsSent();
    }
    merged.sort((a, b) -> target.compareDistance(KadId.ofPeer(a.id()), KadId.ofPeer(b.id())));
    List<PeerAddresses> closest = merged.subList(0, Math.min(config.k(), merged.size()));
    return new LookupResult(closest, hops, messages, scheduler.nowMillis() - startedAt, stopped);
  }
}
