package dev.samizdat.channels.policy;

import dev.samizdat.channels.feed.FeedId;
import java.util.EnumSet;
import java.util.Set;

/**
 * A user's decision to follow a blocklist: the strongest action its rules may take, the categories
 * that apply (all when empty), and how many followed lists must agree before its DROP takes effect
 * (1: this list alone suffices; below the threshold a DROP acts as HIDE).
 */
public record Subscription(FeedId list, Action maxAction, Set<Category> categories, int dropThreshold) {
  public Subscription {
    categories = categories.isEmpty() ? EnumSet.allOf(Category.class) : EnumSet.copyOf(categories);
    if (dropThreshold < 1) {
      throw new IllegalArgumentException("the drop threshold is at least 1");
    }
  }

  public boolean applies(Category category) {
    return categories.contains(category);
  }
}
