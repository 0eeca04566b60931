package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code samizdat inbox [--from P] [--since T] [--limit N]}: incoming messages, newest first. */
@Command(name = "inbox", description = "List incoming messages, newest first.")
final class InboxCommand extends ClientCommand {
  @Option(names = "--from", paramLabel = "PEER", description = "Only from this contact (name, peer id or link).")
  String from;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only since TIME: an age such as 10m, 2h, 3d or 1w; a local time as printed (2025-01-31 12:00)"
          + " or a date (2025-01-31); or an ISO-8601 time (2025-01-31T12:00:00Z).")
  String since;

  @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 100, at most 1000).")
  int limit = Messages.DEFAULT_LIMIT;

  @Option(names = Messages.IDS_OPTION, description = Messages.IDS_DESCRIPTION)
  boolean ids;

  /** Its zone is the one local times are read in: the zone {@link Messages} prints them in. */
  Clock clock = Clock.systemDefaultZone();
  private Map<String, String> names = Map.of();

  @Override
  JsonObject run(ApiClient client) {
    List<String> params = new ArrayList<>();
    params.add("limit=" + Messages.checkedLimit(limit));
    if (from != null) {
      params.add("from=" + query(from));
    }
    if (since != null) {
      params.add("since=" + parseSince(since, clock).toEpochMilli());
    }
    names = Messages.contactNames(client);
    return client.get("/api/inbox?" + String.join("&", params));
  }

  /**
   * An age (a number and s, m, h, d or w) counted back from now; a local date and time as this
   * command prints it ({@code 2025-01-31 12:00}, also with a {@code T} or seconds); a local date, from
   * its midnight; or an ISO-8601 instant or time with an offset. Local means in {@code clock}'s zone.
   */
  static Instant parseSince(String text, Clock clock) {
    Optional<Duration> age = Spans.parse(text);
    if (age.isPresent()) {
      return clock.instant().minus(age.get());
    }
    String t = text.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notWithAnOffset) {
      // the local forms, below
    }
    try {
      // What 'inbox' and 'history' print has a space where ISO-8601 has a T.
      return LocalDateTime.parse(t.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T")).atZone(clock.getZone()).toInstant();
    } catch (DateTimeParseException notADateAndTime) {
      // a date alone, below
    }
    try {
      return LocalDate.parse(t).atStartOfDay(clock.getZone()).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException("--since takes an age such as 10m, 2h, 3d or 1w, a local time as inbox prints it"
          + " (2025-01-31 12:00), a date (2025-01-31, from midnight) or an ISO-8601 time (2025-01-31T12:00:00Z);"
          + " got '" + text + "'");
    }
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (answer.getJsonArray("messages").isEmpty()) {
      out.println("no messages");
    }
    answer.getJsonArray("messages").forEach(m -> out.println(Messages.line((JsonObject) m, names, ids)));
    if (answer.getJsonArray("messages").size() == limit) {
      out.println("(the newest " + limit + " shown; there may be more: --limit up to " + Messages.MAX_LIMIT
          + ", or --since)");
    }
  }
}
