package dev.samizdat.node.cli;

import dev.samizdat.node.api.WebClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code samizdat web}: a new one-time link that logs a browser in to the node's web client. */
@Command(name = "web", description = "Print a one-time link that logs a browser in to the web client.")
final class WebCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.post(WebClient.LOGIN_LINK_PATH, new JsonObject());
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    out.println(answer.getString("url"));
    out.println("(open it in your browser: it logs that browser in, once, and works for a day if unopened)");
  }
}
