package dev.samizdat.node.cli;

import dev.samizdat.node.messaging.MessagingLimits;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Spans of time as people type them: a whole number and a unit, such as 30s, 10m, 2h, 7d or 1w. */
final class Spans {
  private Spans() {}

  /** The span {@code text} names, or empty when it is not a number and a unit. */
  static Optional<Duration> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!t.matches("\\d{1,9}[smhdw]")) {
      return Optional.empty();
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return Optional.of(switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    });
  }

  /**
   * A disappearing-message timer as typed: an age up to {@link MessagingLimits#MAX_DISAPPEAR_AFTER},
   * or {@code off} (zero; so is {@code 0}, as the API has it).
   */
  static Duration timer(String text) {
    if ("off".equalsIgnoreCase(text.strip()) || "0".equals(text.strip())) {
      return Duration.ZERO;
    }
    Duration age = parse(text).orElseThrow(() -> new CliException(
        "a disappearing-message timer is an age such as 30s, 10m, 2h or 7d, or 'off'; got '" + text + "'"));
    if (age.compareTo(MessagingLimits.MAX_DISAPPEAR_AFTER) > 0) {
      throw new CliException("a disappearing-message timer is at most "
          + format(MessagingLimits.MAX_DISAPPEAR_AFTER.toSeconds()) + "; got '" + text + "'");
    }
    return age;
  }

  /** {@code seconds} in the largest unit that divides them: 3600 is 1h, 90 is 90s. */
  static String format(long seconds) {
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
