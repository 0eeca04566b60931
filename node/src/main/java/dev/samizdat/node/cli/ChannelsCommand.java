package dev.samizdat.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code samizdat channels}: your own channels and subscriptions. */
@Command(name = "channels", description = "List your channels and subscriptions.")
final class ChannelsCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/channels");
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    JsonArray channels = answer.getJsonArray("channels");
    if (channels.isEmpty()) {
      out.println("no channels (create one with: samizdat channel create NAME)");
    }
    for (int i = 0; i < channels.size(); i++) {
      ChannelCommand.printChannel(channels.getJsonObject(i), out);
    }
  }
}
