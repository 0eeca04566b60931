package dev.samizdat.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat history <peer>}: the newest of the conversation with a peer, oldest first. */
@Command(name = "history", description = "Show the newest messages with a peer, oldest first.")
final class HistoryCommand extends ClientCommand {
  @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
  String peer;

  @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 100, at most 1000).")
  int limit = Messages.DEFAULT_LIMIT;

  @Option(names = "--before", paramLabel = "ID", description = "The messages before this one (as the hint gives).")
  String before;

  @Option(names = Messages.IDS_OPTION, description = Messages.IDS_DESCRIPTION)
  boolean ids;

  private Map<String, String> names = Map.of();

  @Override
  JsonObject run(ApiClient client) {
    names = Messages.contactNames(client);
    return client.get("/api/conversations/" + segment(peer) + "/messages?limit=" + Messages.checkedLimit(limit)
        + (before == null ? "" : "&before=" + query(before)));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (answer.getJsonArray("messages").isEmpty()) {
      out.println("no messages with " + peer);
    }
    JsonArray messages = answer.getJsonArray("messages");
    if (answer.getBoolean("earlier", false) && !messages.isEmpty()) {
      out.println("(earlier messages: samizdat history " + peer + " --before "
          + messages.getJsonObject(0).getString("id") + homeArgument() + ")");
    }
    messages.forEach(m -> out.println(Messages.line((JsonObject) m, names, ids)));
    if (answer.containsKey("notSentBecause")) {
      out.println("(not sent yet: " + answer.getString("notSentBecause") + ")");
    }
  }
}
