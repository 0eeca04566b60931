package dev.samizdat.dht;

import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.query.LookupObserver;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects distinct providers from a GET_PROVIDERS lookup; stops once enough are in. */
final class ProviderCollector implements LookupObserver {
  private final int wanted;
  private final Set<PeerId> seen = new HashSet<>();
  private final List<PeerAddresses> providers = new ArrayList<>();

  ProviderCollector(int wanted) {
    this.wanted = wanted;
  }

  @Override
  public Verdict onResponse(PeerAddresses from, KadMessage response) {
    for (PeerAddresses p : response.providerPeers()) {
      if (providers.size() < wanted && seen.add(p.id())) {
        providers.add(p);
      }
    }
    return providers.size() >= wanted ? Verdict.STOP : Verdict.CONTINUE;
  }

  @Override
  public void onFailure(PeerAddresses peer, Throwable cause) {}

  synchronized List<PeerAddresses> providers() {
    return List.copyOf(providers);
  }
}
