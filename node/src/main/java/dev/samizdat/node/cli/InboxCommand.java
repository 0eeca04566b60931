package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
      description = "Only since TIME: an ISO-8601 instant (2025-01-31T12:00:00Z) or an age such as 10m, 2h, 3d.")
  String since;

  @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 100, at most 1000).")
  int limit = Messages.DEFAULT_LIMIT;

  @Option(names = Messages.IDS_OPTION, description = Messages.IDS_DESCRIPTION)
  boolean ids;

  Clock clock = Clock.systemUTC();
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

  /** An ISO-8601 instant, or a number and a unit (s, m, h, d) counted back from now. */
  static Instant parseSince(String text, Clock clock) {
    Optional<Duration> age = Spans.parse(text);
    if (age.isPresent()) {
      return clock.instant().minus(age.get());
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new CliException("--since takes an ISO-8601 instant (2025-01-31T12:00:00Z) or an age such as 10m, 2h, 3d;"
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
