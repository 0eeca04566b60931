package dev.samizdat.channels.feed;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The rules by which a feed grows: every entry, whether written here or replicated from any peer, is
 * accepted only if it is signed by a key the feed authorised, sits right after the current head,
 * names the head's hash and does not go back in time. An entry at a taken sequence number with other
 * contents is kept as a {@link ForkProof}, never replacing what was accepted first.
 *
 * <p>Stateless over its {@link FeedStore}; callers serialise appends to one feed.
 */
public final class FeedLog {
  /** A peer's clock may run ahead of ours by this much before its entries look forged. */
  public static final long MAX_CLOCK_SKEW_MILLIS = 10 * 60 * 1000;
  static final byte[] NO_PREVIOUS_HASH = new byte[FeedEntry.HASH_LENGTH];

  private final FeedStore store;

  public FeedLog(FeedStore store) {
    this.store = store;
  }

  /** What {@link #accept} did with an entry. */
  public sealed interface Outcome {
    record Appended(FeedEntry entry) implements Outcome {}

    record AlreadyHad(FeedEntry entry) implements Outcome {}

    /** An entry that conflicts with the one accepted at its sequence; {@code firstSeen} if the proof is new here. */
    record Fork(ForkProof proof, boolean firstSeen) implements Outcome {
      public Fork(ForkProof proof) {
        this(proof, true);
      }
    }
  }

  /** Creates a feed: entry 0, its manifest, signed by the feed key. */
  public FeedEntry create(Ed25519PrivateKey feedKey, Manifest manifest, long nowMillis) {
    FeedId feed = new FeedId(feedKey.publicKey());
    if (store.headSequence(feed) >= 0) {
      throw new FeedException("the feed already exists");
    }
    FeedEntry entry = FeedEntry.sign(feed, 0, NO_PREVIOUS_HASH, nowMillis, ContentType.MANIFEST,
        manifest.encode(), feedKey);
    store.append(entry);
    return entry;
  }

  /** Appends a new entry written by one of the feed's authorised keys. */
  public FeedEntry append(FeedId feed, ContentType type, byte[] body, Ed25519PrivateKey signer, long nowMillis) {
    FeedEntry head = store.entry(feed, store.headSequence(feed))
        .orElseThrow(() -> new FeedException("this node does not hold the feed"));
    FeedEntry entry = FeedEntry.sign(feed, head.sequence() + 1, head.hash(),
        Math.max(nowMillis, head.timestampMillis()), type, body, signer);
    if (!(accept(entry, nowMillis) instanceof Outcome.Appended)) {
      throw new FeedException("the new entry was not appended");
    }
    return entry;
  }

  /**
   * Verifies an entry (already signature-checked by {@link FeedEntry#decode}) against the chain and
   * stores it.
   *
   * @throws FeedException saying why an entry is refused: unauthorised signer, out of order, broken
   *     chain, time travel, a manifest this version cannot read
   */
  public Outcome accept(FeedEntry entry, long nowMillis) {
    FeedId feed = entry.feed();
    Optional<FeedEntry> existing = store.entry(feed, entry.sequence());
    if (existing.isPresent()) {
      if (existing.get().equals(entry)) {
        return new Outcome.AlreadyHad(entry);
      }
      requireAuthorised(entry);
      return recordFork(new ForkProof(existing.get(), entry));
    }
    if (entry.timestampMillis() > nowMillis + MAX_CLOCK_SKEW_MILLIS) {
      throw new FeedException("entry " + entry.sequence() + " is dated in the future");
    }
    if (entry.sequence() == 0) {
      if (entry.contentType() != ContentType.MANIFEST || !entry.signer().equals(feed.key())
          || !Arrays.equals(entry.previousHash(), NO_PREVIOUS_HASH)) {
        throw new FeedException("entry 0 must be the manifest, signed by the feed key");
      }
      readManifest(entry);
      store.append(entry);
      return new Outcome.Appended(entry);
    }
    long head = store.headSequence(feed);
    if (entry.sequence() != head + 1) {
      throw new FeedException("entry " + entry.sequence() + " does not follow the head " + head
          + (head < 0 ? " (the manifest is missing)" : ""));
    }
    FeedEntry previous = store.entry(feed, head).orElseThrow();
    if (!previous.hashEquals(entry.previousHash())) {
      throw new FeedException("entry " + entry.sequence() + " does not chain to entry " + head);
    }
    if (entry.timestampMillis() < previous.timestampMillis()) {
      throw new FeedException("entry " + entry.sequence() + " is dated before entry " + head);
    }
    requireAuthorised(entry);
    if (entry.contentType() == ContentType.MANIFEST) {
      if (!entry.signer().equals(feed.key())) {
        throw new FeedException("only the feed key may change the manifest");
      }
      readManifest(entry);
    }
    store.append(entry);
    return new Outcome.Appended(entry);
  }

  /**
   * Checks a fork proof received from a peer (both entries already signature-checked by {@link
   * FeedEntry#decode}) and keeps it. When this node holds one of the two entries, that one is the
   * proof's {@link ForkProof#kept()}; a sequence's first proof is recorded once however often it,
   * or another proof of that sequence, arrives, so that it is passed on once.
   *
   * @throws FeedException when the entries are not a fork, or either is signed by an unauthorised key
   */
  public Outcome.Fork acceptForkProof(FeedEntry first, FeedEntry second) {
    if (!first.feed().equals(second.feed()) || first.sequence() != second.sequence() || first.equals(second)) {
      throw new FeedException("a fork proof needs two different entries of one feed at one sequence");
    }
    requireAuthorised(first);
    requireAuthorised(second);
    boolean holdsSecond = store.entry(second.feed(), second.sequence()).filter(second::equals).isPresent();
    return recordFork(holdsSecond ? new ForkProof(second, first) : new ForkProof(first, second));
  }

  /**
   * Keeps the first proof of a sequence; any later one there, even with other entries, is known. One
   * proof shows the equivocation: an author who signs three or more entries at one sequence would
   * otherwise make nodes holding different pairs replace and pass on each other's proofs for ever.
   */
  private Outcome.Fork recordFork(ForkProof proof) {
    for (ForkProof known : store.forks(proof.feed())) {
      if (known.sequence() == proof.sequence()) {
        return new Outcome.Fork(known, false);
      }
    }
    store.recordFork(proof);
    return new Outcome.Fork(proof, true);
  }

  /** The feed's current manifest. */
  public Manifest manifest(FeedId feed) {
    return store.latestManifest(feed).map(FeedLog::readManifest)
        .orElseThrow(() -> new FeedException("this node does not hold the feed's manifest"));
  }

  /**
   * A manifest entry's body, decoded. A validly signed manifest this version cannot read (a newer
   * format, or garbage signed by the feed key) is the entry's fault, so it is refused like any other
   * entry rather than failing whatever was storing it.
   */
  private static Manifest readManifest(FeedEntry entry) {
    try {
      return Manifest.decode(entry.body());
    } catch (CryptoException unreadable) {
      throw new FeedException("entry " + entry.sequence() + " carries a manifest this node cannot read: "
          + unreadable.getMessage());
    }
  }

  private void requireAuthorised(FeedEntry entry) {
    Ed25519PublicKey signer = entry.signer();
    if (signer.equals(entry.feed().key())) {
      return;
    }
    if (!manifest(entry.feed()).authors().contains(signer)) {
      throw new FeedException("entry " + entry.sequence() + " is signed by a key the feed did not authorise");
    }
  }
}
