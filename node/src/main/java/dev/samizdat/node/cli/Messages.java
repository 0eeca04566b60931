package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the CLI prints one message. */
final class Messages {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private Messages() {}

  static String line(JsonObject m) {
    String when = TIME.format(Instant.ofEpochMilli(m.getLong("sentAt")));
    boolean in = "in".equals(m.getString("direction"));
    String who = in ? "from " + m.getString("peerId") : "to " + m.getString("peerId") + " [" + m.getString("state") + "]";
    String expires = m.containsKey("expiresAt")
        ? "  (disappears " + TIME.format(Instant.ofEpochMilli(m.getLong("expiresAt"))) + ")" : "";
    return when + "  " + who + ": " + m.getString("text") + expires;
  }
}
