package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code samizdat peers [connect <multiaddr>]}: the peers this node knows; connect to one. */
@Command(name = "peers", description = "List known peers; connect to one.", subcommands = PeersCommand.Connect.class)
final class PeersCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/peers");
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (answer.getJsonArray("peers").isEmpty()) {
      out.println("no known peers");
    }
    for (Object o : answer.getJsonArray("peers")) {
      JsonObject p = (JsonObject) o;
      // The agent last: it may hold spaces (js-libp2p's does); --json has the protocols too.
      String agent = p.getString("agentVersion");
      out.println(p.getString("peerId") + (p.getBoolean("connected") ? "  connected    " : "  not connected")
          + "  " + String.join(" ", p.getJsonArray("addrs").stream().map(Object::toString).toList())
          + (agent == null ? "" : "  (" + TerminalText.safe(agent) + ")"));
    }
  }

  @Command(name = "connect", description = "Connect to a peer by multiaddr (/ip4/…/tcp/…/p2p/…).")
  static final class Connect extends ClientCommand {
    @Parameters(paramLabel = "MULTIADDR")
    String addr;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/peers/connect", new JsonObject().put("addr", addr));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("connected to " + answer.getString("peerId"));
    }
  }
}
