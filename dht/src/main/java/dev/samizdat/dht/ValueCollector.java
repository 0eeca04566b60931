package dev.samizdat.dht;

import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.query.LookupObserver;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Collects the values of a GET_VALUE lookup (kad-dht spec, "Getting values"): keeps the best valid
 * one and who sent it, remembers who sent worse ones (for entry correction) and who sent invalid
 * ones, and stops the lookup at the quorum. Called under the lookup's lock.
 */
final class ValueCollector implements LookupObserver {
  private final byte[] key;
  private final RecordNamespaces namespaces;
  private final int quorum;
  private final Scheduler scheduler;
  private byte[] best;
  private List<PeerAddresses> bestPeers = new ArrayList<>();
  private final List<PeerAddresses> outdated = new ArrayList<>();
  private final List<PeerId> invalid = new ArrayList<>();
  private int valid;

  ValueCollector(byte[] key, RecordNamespaces namespaces, int quorum, Scheduler scheduler) {
    this.key = key.clone();
    this.namespaces = namespaces;
    this.quorum = quorum;
    this.scheduler = scheduler;
  }

  @Override
  public Verdict onResponse(PeerAddresses from, KadMessage response) {
    if (response.record() == null) {
      return Verdict.CONTINUE;
    }
    byte[] value = response.record().value();
    try {
      if (!Arrays.equals(response.record().key(), key)) {
        throw new InvalidMessageException("GET_VALUE answered with a record for another key");
      }
      namespaces.validate(key, value, scheduler.nowMillis());
    } catch (InvalidMessageException e) {
      invalid.add(from.id());
      return Verdict.INVALID;
    }
    valid++;
    if (best == null) {
      best = value;
      bestPeers.add(from);
    } else if (Arrays.equals(best, value)) {
      bestPeers.add(from);
    } else if (namespaces.select(key, List.of(best, value)) == 1) {
      outdated.addAll(bestPeers);
      bestPeers = new ArrayList<>(List.of(from));
      best = value;
    } else {
      outdated.add(from);
    }
    return valid >= quorum ? Verdict.STOP : Verdict.CONTINUE;
  }

  @Override
  public void onFailure(PeerAddresses peer, Throwable cause) {}

  synchronized Optional<byte[]> best() {
    return Optional.ofNullable(best).map(byte[]::clone);
  }

  synchronized List<PeerAddresses> outdated() {
    return List.copyOf(outdated);
  }

  synchronized List<PeerId> invalidSenders() {
    return List.copyOf(invalid);
  }
}
