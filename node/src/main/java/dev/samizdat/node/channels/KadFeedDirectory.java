package dev.samizdat.node.channels;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.FeedHead;
import dev.samizdat.channels.feed.FeedHeadRecords;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.record.InvalidRecordException;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.libp2p.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link FeedDirectory} over the dht module: providers under a per-feed key, heads as records in
 * the {@value #NAMESPACE} namespace, validated and selected by {@link FeedHeadRecords} (register
 * {@link #namespaceRules} with the node's {@link RecordNamespaces}). Thread-safe, as {@link KadDht} is.
 */
public final class KadFeedDirectory implements FeedDirectory {
  /** The namespace of {@link FeedHeadRecords#KEY_PREFIX}. */
  public static final String NAMESPACE = "samizdat-feed";
  private static final byte[] PROVIDER_LABEL = "samizdat/feed-providers/v1".getBytes(StandardCharsets.US_ASCII);

  private final KadDht dht;
  private final FeedHeadRecords records;

  public KadFeedDirectory(KadDht dht, FeedHeadRecords records) {
    this.dht = dht;
    this.records = records;
  }

  /** The validator and selector of feed heads, for the DHT's namespace table. */
  public static RecordNamespaces.Rules namespaceRules(FeedHeadRecords records) {
    return new RecordNamespaces.Rules((key, value, nowMillis) -> {
      try {
        records.validate(key, value);
      } catch (CryptoException | FeedException e) {
        throw new InvalidRecordException("invalid feed head: " + e.getMessage(), e);
      }
    }, records::selectIndex);
  }

  /**
   * Providers are announced under a hash of the feed key rather than the head record's key, so that
   * the two never collide in a DHT node's stores and the key has the length of a content id's digest.
   */
  static byte[] providerKey(FeedId feed) {
    return Hashes.sha256(PROVIDER_LABEL, feed.toBytes());
  }

  @Override
  public CompletableFuture<Void> provide(FeedId feed) {
    return dht.provide(providerKey(feed)).thenApply(found -> null);
  }

  @Override
  public void stopProviding(FeedId feed) {
    dht.republisher().untrack(providerKey(feed));
  }

  @Override
  public CompletableFuture<List<Provider>> findProviders(FeedId feed, int wanted) {
    return dht.findProviders(providerKey(feed), wanted).thenApply(found -> {
      List<Provider> out = new ArrayList<>();
      for (PeerAddresses p : found) {
        List<Multiaddr> addresses = new ArrayList<>();
        for (byte[] raw : p.multiaddrs()) {
          try {
            addresses.add(Multiaddr.fromBytes(raw));
          } catch (RuntimeException unreadable) {
            // an address we cannot parse is one we cannot dial; the others may do
          }
        }
        out.add(new Provider(p.id(), addresses));
      }
      return out;
    });
  }

  @Override
  public CompletableFuture<Void> putHead(FeedHead head) {
    byte[] key = FeedHeadRecords.key(head.feed());
    return dht.putValue(key, head.encoded()).thenApply(result -> null);
  }

  @Override
  public CompletableFuture<Optional<FeedHead>> getHead(FeedId feed) {
    byte[] key = FeedHeadRecords.key(feed);
    return dht.getValue(key).thenApply(result -> result.value().flatMap(value -> {
      try {
        return Optional.of(records.validate(key, value));
      } catch (CryptoException | FeedException e) {
        return Optional.empty();
      }
    }));
  }
}
