package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat send <peer> <text> [--disappear AGE]}: queues an end-to-end-encrypted message ({@code -} reads stdin). */
@Command(name = "send", description = "Send a message (TEXT '-' reads it from standard input).")
final class SendCommand extends ClientCommand {
  /** A message body is at most 64 KiB; reading a little more lets the node say it is too long. */
  static final int MAX_STDIN_BYTES = 128 * 1024;

  @Parameters(index = "0", paramLabel = "PEER", description = "Contact name, peer id or link.")
  String peer;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The message, or '-' for standard input.")
  String text;

  @Option(names = "--disappear", paramLabel = "AGE",
      description = "Delete it from both nodes AGE after it is sent, or arrives (30s, 10m, 2h, 7d; at most 28d);"
          + " the chat's later messages too, until changed with 'contacts disappearing'.")
  String disappear;

  InputStream stdin = System.in;

  @Override
  JsonObject run(ApiClient client) {
    String body = "-".equals(text) ? readStdin() : text;
    if (body.isEmpty()) {
      throw new CliException("the message is empty: nothing was sent");
    }
    JsonObject request = new JsonObject().put("to", peer).put("text", body);
    if (disappear != null) {
      request.put("disappearAfterSeconds", Spans.parse(disappear).orElseThrow(() -> new CliException(
          "--disappear takes an age such as 30s, 10m, 2h or 7d; got '" + disappear + "'")).toSeconds());
    }
    return client.post("/api/messages", request);
  }

  private String readStdin() {
    try {
      String read = new String(stdin.readNBytes(MAX_STDIN_BYTES), StandardCharsets.UTF_8);
      return read.endsWith("\n") ? read.substring(0, read.length() - 1) : read;
    } catch (IOException e) {
      throw new CliException("cannot read the message from standard input: " + e.getMessage());
    }
  }

  @Override
  void print(JsonObject message, PrintWriter out) {
    out.println(message.getString("state") + " " + message.getString("id") + " to " + message.getString("peerId"));
  }
}
