package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code samizdat read <peer>}: the chat with a peer is read (the sender learns it, unless receipts are off). */
@Command(name = "read", description = "Mark the messages from a peer as read (a read receipt goes back, unless"
    + " messages.read-receipts is false).")
final class ReadCommand extends ClientCommand {
  @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
  String peer;

  @Override
  JsonObject run(ApiClient client) {
    return client.post("/api/conversations/" + segment(peer) + "/read", new JsonObject());
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    long marked = answer.getLong("marked", 0L);
    out.println(marked == 0 ? "nothing new from " + peer : "marked " + Counts.of(marked, "message")
        + " from " + peer + " as read" + (answer.getBoolean("receiptsSent", true) ? ""
            : " (read receipts are off: they are not told)"));
  }
}
