package dev.samizdat.node.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Spans of time as people type them: a whole number and a unit, such as 30s, 10m, 2h or 7d. */
final class Spans {
  private Spans() {}

  /** The span {@code text} names, or empty when it is not a number and a unit. */
  static Optional<Duration> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!t.matches("\\d{1,9}[smhd]")) {
      return Optional.empty();
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return Optional.of(switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
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
