package dev.samizdat.node.cli;

import dev.samizdat.node.Links;
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
    // A node never connects to itself, so the node would look for an address of its own and report none.
    String ownPeerId = client.get("/api/node").getString("peerId");
    if (namesPeer(target, ownPeerId)) {
      throw new CliException("that is this node's own peer id (" + ownPeerId + "): ping another peer");
    }
    return client.post("/api/ping", new JsonObject().put("target", target));
  }

  /** Whether {@code target} is the peer's id, its link, or a multiaddr that ends in its id. */
  private static boolean namesPeer(String target, String peerId) {
    String text = Links.withoutPeerPrefix(target);
    return text.equals(peerId) || text.endsWith("/p2p/" + peerId);
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    out.printf("%s answered in %.2f ms%n", answer.getString("peerId"), answer.getDouble("rttMillis"));
  }
}
