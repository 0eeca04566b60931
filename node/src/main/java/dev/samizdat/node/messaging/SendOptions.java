package dev.samizdat.node.messaging;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-message choices. {@code disappearAfter}, when given, also becomes the conversation's timer (as
 * it does on the peer's side when the message arrives); otherwise the conversation's timer applies.
 */
public record SendOptions(Optional<Duration> disappearAfter) {
  public static final SendOptions DEFAULT = new SendOptions(Optional.empty());

  public SendOptions {
    disappearAfter.ifPresent(SendOptions::checkTimer);
  }

  public static SendOptions disappearingAfter(Duration duration) {
    return new SendOptions(Optional.of(duration));
  }

  static void checkTimer(Duration d) {
    if (d.isNegative() || d.compareTo(MessagingLimits.MAX_DISAPPEAR_AFTER) > 0 || d.toSeconds() > Integer.MAX_VALUE) {
      throw new MessagingException("a disappearing-message timer is 0 to " + MessagingLimits.MAX_DISAPPEAR_AFTER.toDays()
          + " days, got " + d.toSeconds() + " seconds");
    }
  }
}
