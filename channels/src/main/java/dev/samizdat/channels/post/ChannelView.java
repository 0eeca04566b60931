package dev.samizdat.channels.post;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reader of a channel sees, folded from its entries in log order: each post with its latest
 * edit applied, deleted posts hidden and counted as tombstones.
 *
 * <p>Entries come from a {@link dev.samizdat.channels.feed.FeedStore}, so the {@link
 * dev.samizdat.channels.feed.FeedLog} has already checked that each was signed by a key the feed
 * authorised. On top of that, an edit or deletion is honoured only when it targets an earlier post
 * that is still visible, and was signed by that post's author or by the feed key (a channel's owner
 * moderates its co-authors; co-authors do not rewrite each other). Anything else — a body that does
 * not decode, an edit of a later or unknown post — is skipped and counted in {@link #ignored()}: one
 * bad entry never hides the rest of a channel.
 *
 * <p>Not thread-safe; a pure value builder.
 */
public final class ChannelView {
  /** A post as a reader sees it now. {@code editedAtMillis} is 0 for a post never edited. */
  public record VisiblePost(long sequence, byte[] entryHash, Ed25519PublicKey author, long postedAtMillis,
      Post content, int editCount, long editedAtMillis) {
    @Override
    public byte[] entryHash() {
      return entryHash.clone();
    }
  }

  /** A deleted post: the entry stays in the log, its content is no longer shown. */
  public record Tombstone(long postSequence, long deletionSequence, Optional<String> reason) {}

  private final FeedId feed;
  private final Map<Long, VisiblePost> posts = new LinkedHashMap<>();
  private final Map<String, Long> sequenceByHash = new HashMap<>();
  private final List<Tombstone> tombstones = new ArrayList<>();
  private long lastSequence = -1;
  private int ignored;

  public ChannelView(FeedId feed) {
    this.feed = feed;
  }

  public static ChannelView of(FeedId feed, Iterable<FeedEntry> entries) {
    ChannelView view = new ChannelView(feed);
    entries.forEach(view::apply);
    return view;
  }

  /**
   * Folds the next entry in.
   *
   * @throws FeedException when the entry is of another feed or not after the last one applied (a
   *     caller's mistake, not the author's)
   */
  public void apply(FeedEntry entry) {
    if (!entry.feed().equals(feed)) {
      throw new FeedException("entry of another feed given to the view of " + feed);
    }
    if (entry.sequence() <= lastSequence) {
      throw new FeedException("entry " + entry.sequence() + " applied after entry " + lastSequence);
    }
    lastSequence = entry.sequence();
    try {
      switch (entry.contentType()) {
        case POST -> addPost(entry, Post.decode(entry.body()));
        case EDIT -> applyEdit(entry, Edit.decode(entry.body()));
        case DELETE -> applyDelete(entry, Delete.decode(entry.body()));
        default -> { } // manifests and rules are not posts
      }
    } catch (CryptoException malformed) {
      ignored++;
    }
  }

  private void addPost(FeedEntry entry, Post post) {
    byte[] hash = entry.hash();
    posts.put(entry.sequence(), new VisiblePost(entry.sequence(), hash, entry.signer(), entry.timestampMillis(),
        post, 0, 0));
    sequenceByHash.put(Bytes.hex(hash), entry.sequence());
  }

  private void applyEdit(FeedEntry entry, Edit edit) {
    Optional<VisiblePost> target = honouredTarget(entry, edit.target());
    if (target.isEmpty()) {
      return;
    }
    VisiblePost post = target.get();
    posts.put(post.sequence(), new VisiblePost(post.sequence(), post.entryHash, post.author(),
        post.postedAtMillis(), edit.replacement(), post.editCount() + 1, entry.timestampMillis()));
  }

  private void applyDelete(FeedEntry entry, Delete delete) {
    Optional<VisiblePost> target = honouredTarget(entry, delete.target());
    if (target.isEmpty()) {
      return;
    }
    posts.remove(target.get().sequence());
    tombstones.add(new Tombstone(target.get().sequence(), entry.sequence(), delete.reason()));
  }

  private Optional<VisiblePost> honouredTarget(FeedEntry entry, PostRef ref) {
    Long sequence = ref instanceof PostRef.BySequence bySequence ? Long.valueOf(bySequence.sequence())
        : sequenceByHash.get(Bytes.hex(((PostRef.ByHash) ref).entryHash()));
    VisiblePost post = sequence == null || sequence >= entry.sequence() ? null : posts.get(sequence);
    if (post == null || !(entry.signer().equals(post.author()) || entry.signer().equals(feed.key()))) {
      ignored++;
      return Optional.empty();
    }
    return Optional.of(post);
  }

  /** Visible posts, oldest first. */
  public List<VisiblePost> posts() {
    return List.copyOf(posts.values());
  }

  public Optional<VisiblePost> post(long sequence) {
    return Optional.ofNullable(posts.get(sequence));
  }

  public List<Tombstone> tombstones() {
    return List.copyOf(tombstones);
  }

  public int tombstoneCount() {
    return tombstones.size();
  }

  /** Entries skipped: undecodable bodies, and edits or deletions not honoured. */
  public int ignored() {
    return ignored;
  }

  public long lastSequence() {
    return lastSequence;
  }
}
