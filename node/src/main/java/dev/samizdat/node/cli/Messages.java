package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** How the CLI prints one message. */
final class Messages {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /** Where a message's later lines start: under its text, never where a line of the CLI's own would. */
  static final String CONTINUATION = "    | ";

  private Messages() {}

  /** What {@code --limit} of a listing takes: the API's bounds, said in the CLI's words. */
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  static int checkedLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CliException("--limit is 1.." + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }

  /** Contact names by peer id, for lines that say who rather than which key. */
  static Map<String, String> contactNames(ApiClient client) {
    Map<String, String> names = new HashMap<>();
    client.get("/api/contacts").getJsonArray("contacts").forEach(c -> {
      JsonObject contact = (JsonObject) c;
      if (!contact.getString("name", "").isEmpty()) {
        names.put(contact.getString("peerId"), contact.getString("name"));
      }
    });
    return names;
  }

  /** A moment as every CLI listing shows it, in the local time zone. */
  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A sent message's state as the web client names it too; {@code --json} keeps the API's name. */
  static String stateLabel(String state) {
    return "sent-to-mailbox".equals(state) ? "in mailbox" : state;
  }

  /** The option that puts each message's id at the start of its line, for {@code samizdat delete}. */
  static final String IDS_OPTION = "--ids";
  static final String IDS_DESCRIPTION = "Start each line with the message's id (for samizdat delete).";

  static String line(JsonObject m, Map<String, String> names, boolean withId) {
    return (withId ? m.getString("id") + "  " : "") + line(m, names);
  }

  private static String line(JsonObject m, Map<String, String> names) {
    String when = TIME.format(Instant.ofEpochMilli(m.getLong("sentAt")));
    boolean in = "in".equals(m.getString("direction"));
    String peer = names.getOrDefault(m.getString("peerId"), m.getString("peerId"));
    String failure = m.containsKey("failure") ? ": " + m.getString("failure") : "";
    String who = in ? "from " + peer : "to " + peer + " [" + stateLabel(m.getString("state")) + failure + "]";
    String expires = m.containsKey("expiresAt")
        ? "  (disappears " + TIME.format(Instant.ofEpochMilli(m.getLong("expiresAt"))) + ")" : "";
    return when + "  " + who + ": " + TerminalText.indented(m.getString("text"), CONTINUATION) + expires;
  }
}
