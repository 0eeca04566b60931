package dev.samizdat.dht.query;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.message.KadMessage;

/**
 * Sees every response and failure of a lookup, under the lookup's lock (keep it short). It validates
 * and collects what the lookup is for (records, providers) and keeps the routing table informed.
 */
public interface LookupObserver {
  /**
   * A queried peer answered. Returns {@link Verdict#STOP} to end the lookup now (e.g. a quorum of
   * records is in), or {@link Verdict#INVALID} when the response broke the protocol: the peer then
   * counts as failed and its closer peers are ignored.
   */
  Verdict onResponse(PeerAddresses from, KadMessage response);

  /** A queried peer failed or did not answer in time. */
  void onFailure(PeerAddresses peer, Throwable cause);

  enum Verdict { CONTINUE, STOP, INVALID }

  LookupObserver NONE = new LookupObserver() {
    @Override
    public Verdict onResponse(PeerAddresses from, KadMessage response) {
      return Verdict.CONTINUE;
    }

    @Override
    public void onFailure(PeerAddresses peer, Throwable cause) {}
  };
}
