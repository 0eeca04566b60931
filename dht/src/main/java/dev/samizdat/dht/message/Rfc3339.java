package dev.samizdat.dht.message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The {@code Record.timeReceived} format: RFC 3339 in UTC with exactly nine fraction digits, as go
 * and js write it (e.g. {@code 2024-01-02T03:04:05.000000006Z}).
 */
public final class Rfc3339 {
  /** Longer strings are not timestamps; refuse them before parsing. */
  public static final int MAX_LENGTH = 64;

  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  public static String format(Instant time) {
    return NANOS.format(time);
  }

  /** Parses any RFC 3339 timestamp (any fraction length, any offset); null when it is not one. */
  public static Instant parseOrNull(String text) {
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      return null;
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
