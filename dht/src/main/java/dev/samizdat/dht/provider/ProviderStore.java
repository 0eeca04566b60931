package dev.samizdat.dht.provider;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.PeerId;
import java.util.List;

/**
 * Who provides which key (ADD_PROVIDER records held for others). Implementations must be
 * thread-safe; calls may block briefly (a local database).
 */
public interface ProviderStore {
  record Provider(PeerAddresses peer, long expiresAtMillis) {}

  /** Adds the provider for {@code key}, or refreshes its addresses and expiry. */
  void put(byte[] key, Provider provider);

  /** The unexpired providers of {@code key}, at most {@code limit}, latest expiry first. */
  List<Provider> get(byte[] key, long nowMillis, int limit);

  /** Whether {@code peer} is already a provider of {@code key} (a refresh needs no new room). */
  boolean contains(byte[] key, PeerId peer);

  int countForKey(byte[] key);

  /** How many keys {@code peer} provides. */
  int countFor(PeerId peer);

  int size();

  /** Removes the provider of {@code key} whose expiry is soonest; for making room. */
  void evictSoonestExpiring(byte[] key);

  /** Drops expired providers; returns how many. */
  int removeExpired(long nowMillis);
}
