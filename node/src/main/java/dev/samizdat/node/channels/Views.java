package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.policy.Subscription;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.report.ReviewItem;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;

/** The immutable values the channel service answers with; the API turns them into JSON. */
public final class Views {
  private Views() {}

  /**
   * A channel or blocklist this node holds. {@code kind} and {@code name} are empty until the
   * manifest has arrived; {@code have} counts stored entries, {@code of} those known to exist.
   */
  public record FeedInfo(FeedId id, Optional<Manifest.Kind> kind, String name, String description, boolean own,
      long headSequence, List<PeerId> servingPeers, int forks, Decision decision, long have, long of,
      List<Ed25519PublicKey> moderators, Optional<Subscription> follow) {}

  /** A post as the reader sees it, with what the user's policy does with it. */
  public record PostView(long sequence, byte[] hash, Ed25519PublicKey author, Post content, long createdAtMillis,
      long editedAtMillis, Decision decision) {}

  /**
   * A page of a channel's posts, with how many shown posts come before ({@code earlier}) and after
   * ({@code later}) it; {@code hidden} counts those the policy hides, and {@code hiddenPosts} names them
   * (their numbers), so that a reader may ask why.
   */
  public record ChannelPage(FeedInfo channel, List<PostView> posts, int earlier, int later, List<Long> hiddenPosts,
      List<ForkProof> forks, Decision decision) {
    public int hidden() {
      return hiddenPosts.size();
    }
  }

  /** What following a list would do to one of the user's channels or contacts. */
  public record Affected(String target, String name, Decision decision) {}

  /** One line of a review queue, with the id the API uses to resolve it. */
  public record ReportItem(String id, FeedId list, ReviewItem item) {}
}
