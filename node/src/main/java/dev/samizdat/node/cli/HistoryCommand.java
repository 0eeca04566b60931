package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code samizdat history <peer>}: the conversation with a peer, oldest first. */
@Command(name = "history", description = "Show the conversation with a peer, oldest first.")
final class HistoryCommand extends ClientCommand {
  @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
  String peer;
  private Map<String, String> names = Map.of();

  @Override
  JsonObject run(ApiClient client) {
    names = Messages.contactNames(client);
    return client.get("/api/conversations/" + segment(peer) + "/messages?limit=1000");
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (answer.getJsonArray("messages").isEmpty()) {
      out.println("no messages with " + peer);
    }
    answer.getJsonArray("messages").forEach(m -> out.println(Messages.line((JsonObject) m, names)));
  }
}
