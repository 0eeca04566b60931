package dev.samizdat.node.cli;

import dev.samizdat.node.messaging.MessagingLimits;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat send <peer> <text> [--disappear AGE]}: queues an end-to-end-encrypted message ({@code -} reads stdin). */
@Command(name = "send", description = "Send a message (TEXT '-' reads it from standard input).")
final class SendCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "PEER", description = "Contact name, peer id or link.")
  String peer;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The message, or '-' for standard input.")
  String text;

  @Option(names = "--disappear", paramLabel = "AGE",
      description = "Delete it from both nodes AGE after it is sent, or arrives (30s, 10m, 2h, 7d; at most 28d; off keeps it);"
          + " the chat's later messages too, until changed with 'contacts disappearing'.")
  String disappear;

  InputStream stdin = System.in;
  private Map<String, String> names = Map.of();

  @Override
  JsonObject run(ApiClient client) {
    String body = "-".equals(text) ? StandardInput.read(stdin, MessagingLimits.MAX_BODY_BYTES, "message") : text;
    if (body.isBlank()) {
      throw new CliException("the message is empty: nothing was sent");
    }
    JsonObject request = new JsonObject().put("to", peer).put("text", body);
    if (disappear != null) {
      request.put("disappearAfterSeconds", Spans.timer(disappear).toSeconds());
    }
    // Asked first: a failure after the post would read as if the message had not been queued.
    names = json ? Map.of() : Messages.contactNames(client);
    return client.post("/api/messages", request);
  }

  @Override
  void print(JsonObject message, PrintWriter out) {
    String peerId = message.getString("peerId");
    // The contact's name as stored, not as typed ("bob" finds Bob), with the id it stands for.
    String name = names.get(peerId);
    String to = name == null ? peerId : name + " (" + peerId + ")";
    out.println(Messages.stateLabel(message.getString("state")) + " " + message.getString("id") + " to " + to);
    if (message.getBoolean("firstContact", false)) {
      // A peer id carries no checksum: a mistyped one may name a key nobody holds, and the message would wait.
      out.println("a first message to " + peerId + ", who is not among your contacts: check the id with them."
          + " It leaves once their node has been online; until then 'samizdat delete --chat " + peerId
          + "' cancels it");
    }
  }
}
