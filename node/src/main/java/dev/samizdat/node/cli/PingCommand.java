package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code samizdat ping <peer|multiaddr>}: one libp2p ping and its round-trip time. */
@Command(name = "ping", description = "Ping a peer (contact name, peer id, link or multiaddr).")
final class PingCommand extends ClientCommand {
  @Parameters(paramLabel = "TARGET")
  String target;

  @Override
  JsonObject run(ApiClient client) {
    return client.post("/api/ping", new JsonObject().put("target", target));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    out.printf("%s answered in %.2f ms%n", answer.getString("peerId"), answer.getDouble("rttMillis"));
  }
}
