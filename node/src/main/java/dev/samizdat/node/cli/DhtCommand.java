package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samizdat dht find-peer <peer>}: a peer's addresses as the DHT knows them. */
@Command(name = "dht", description = "Ask the DHT.", subcommands = DhtCommand.FindPeer.class)
final class DhtCommand implements Runnable {
  @Spec CommandSpec spec;

  // so that "--home DIR" may come before the subcommand
  @Mixin HomeOption home;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "find-peer", description = "Find a peer's addresses through the DHT.")
  static final class FindPeer extends ClientCommand {
    @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
    String peer;

    @Override
    JsonObject run(ApiClient client) {
      return client.get("/api/dht/peers/" + segment(peer));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println(answer.getString("peerId"));
      answer.getJsonArray("addrs").forEach(a -> out.println("  " + a));
    }
  }
}
