package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat delete <message id> | --chat <peer>}: deletes messages from this node and its files. */
@Command(name = "delete", description = "Delete a message (its id from history --ids), or a whole chat with --chat, from this"
    + " node and its database files; the other side keeps its copy. A message that has not left this node is not sent;"
    + " one on its way is still delivered.")
final class DeleteCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "MESSAGE-ID", description = "The message's id.")
  String id;

  @Option(names = "--chat", paramLabel = "PEER", description = "Every message with this contact (name, peer id or link).")
  String chat;

  @Override
  JsonObject run(ApiClient client) {
    if ((id == null) == (chat == null)) {
      throw new CliException("name one message id, or a chat with --chat PEER");
    }
    return chat != null
        ? client.delete("/api/conversations/" + segment(chat) + "/messages")
        : client.delete("/api/messages/" + segment(id));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    int deleted = answer.getInteger("deleted");
    int cancelled = answer.getInteger("cancelled", 0);
    out.println(deleted == 0 ? "nothing to delete" : "deleted " + Counts.of(deleted, "message")
        + " from this node; its database files are purged of " + (deleted == 1 ? "it" : "them") + " in the background");
    if (cancelled > 0) {
      out.println(cancelled + " of them had not left this node yet, and"
          + (cancelled == 1 ? " is" : " are") + " not sent");
    }
  }
}
