package dev.samizdat.channels.policy;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Ed25519PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * What the user's policy does with one target, and why. {@link #action()} is empty when the item is
 * shown normally. {@link #reasons()} lists every rule that contributed, so the user can always ask
 * "why is this hidden?".
 */
public record Decision(Optional<Action> action, Source source, List<Provenance> reasons) {
  public static final Decision SHOWN = new Decision(Optional.empty(), Source.NONE, List.of());

  public enum Source {
    /** No rule applies. */
    NONE,
    /** The user's own block or allow, which comes before every list. */
    USER,
    /** Followed blocklists. */
    LISTS
  }

  /** One rule of one list: which entry, who signed it, in which category and why. */
  public record Provenance(FeedId list, long entrySequence, Ed25519PublicKey moderator, Category category,
      Action recommended, Action applied, String reason) {}

  public boolean is(Action candidate) {
    return action.isPresent() && action.get() == candidate;
  }
}
