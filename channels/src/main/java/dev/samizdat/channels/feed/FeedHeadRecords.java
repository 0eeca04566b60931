package dev.samizdat.channels.feed;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Feed heads as DHT records, in the shape the node plugs into the DHT's validator and selector (the
 * DHT module cannot depend on this one): the key is {@value #KEY_PREFIX} followed by the feed key's 32
 * bytes, the value an encoded {@link FeedHead}, and the highest valid sequence wins.
 *
 * <p>A record signed by the feed key is valid anywhere. One signed by a co-author is valid only where
 * the feed's manifest is known (a subscriber) and lists that author: a DHT node that does not hold the
 * feed cannot tell an author from a stranger, and a stranger's record with a huge sequence would
 * otherwise displace the real head. Thread-safe if the manifest lookup is.
 */
public final class FeedHeadRecords {
  public static final String KEY_PREFIX = "/samizdat-feed/";
  private static final byte[] PREFIX = KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);

  /**
   * Highest sequence first; then the later signature; then, for two heads that differ at one
   * sequence and instant (an equivocating author), the smaller encoding, so that every node picks the
   * same record.
   */
  public static final Comparator<FeedHead> BEST_FIRST = Comparator.comparingLong(FeedHead::sequence).reversed()
      .thenComparing(Comparator.comparingLong(FeedHead::timestampMillis).reversed())
      .thenComparing(FeedHead::encoded, Arrays::compareUnsigned);

  private final Function<FeedId, Optional<Manifest>> manifests;
  private final Clock clock;

  /** @param manifests the manifest of each feed this node holds, empty for others */
  public FeedHeadRecords(Function<FeedId, Optional<Manifest>> manifests, Clock clock) {
    this.manifests = manifests;
    this.clock = clock;
  }

  public static byte[] key(FeedId feed) {
    return Bytes.concat(PREFIX, feed.toBytes());
  }

  /**
   * Decodes and checks a record stored or found under {@code key}.
   *
   * @throws CryptoException for a value that is not a validly signed head
   * @throws FeedException for a head of another feed, from the future, or by an unauthorised signer
   */
  public FeedHead validate(byte[] key, byte[] value) {
    if (key.length != PREFIX.length + 32 || !Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new MalformedInputException("not a feed head key");
    }
    FeedHead head = FeedHead.decode(value);
    if (!Arrays.equals(key, PREFIX.length, key.length, head.feed().toBytes(), 0, 32)) {
      throw new FeedException("feed head stored under another feed's key");
    }
    if (head.timestampMillis() > clock.millis() + FeedLog.MAX_CLOCK_SKEW_MILLIS) {
      throw new FeedException("feed head " + head.sequence() + " is dated in the future");
    }
    if (!head.signedByFeedKey()) {
      Manifest manifest = manifests.apply(head.feed())
          .orElseThrow(() -> new FeedException("feed head signed by a co-author of a feed this node does not hold"));
      head.requireAuthorisedBy(manifest);
    }
    return head;
  }

  /**
   * The index of the best valid candidate under {@code key}.
   *
   * @throws FeedException when none is valid
   */
  public int selectIndex(byte[] key, List<byte[]> candidates) {
    int best = -1;
    FeedHead bestHead = null;
    for (int i = 0; i < candidates.size(); i++) {
      FeedHead head;
      try {
        head = validate(key, candidates.get(i));
      } catch (CryptoException | FeedException invalid) {
        continue;
      }
      if (bestHead == null || BEST_FIRST.compare(head, bestHead) < 0) {
        best = i;
        bestHead = head;
      }
    }
    if (best < 0) {
      throw new FeedException("none of " + candidates.size() + " feed head records is valid");
    }
    return best;
  }

  /** The best valid candidate under {@code key}: the highest valid sequence wins. */
  public byte[] select(byte[] key, List<byte[]> candidates) {
    return candidates.get(selectIndex(key, candidates));
  }
}
