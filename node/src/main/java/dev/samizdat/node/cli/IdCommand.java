package dev.samizdat.node.cli;

import dev.samizdat.libp2p.DialableAddresses;
import dev.samizdat.libp2p.Multiaddr;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code samizdat id}: this node's address, link, listen addresses and API URL. */
@Command(name = "id", description = "Show this node's peer id, link and addresses.")
final class IdCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/node");
  }

  @Override
  void print(JsonObject node, PrintWriter out) {
    out.println("peer id:  " + node.getString("peerId"));
    out.println("link:     " + node.getString("link"));
    for (Object a : node.getJsonArray("listenAddrs")) {
      // What others can dial, as samizdat up prints it: not 0.0.0.0, but each interface's address.
      DialableAddresses.of(Multiaddr.parse((String) a)).forEach(dialable -> out.println("listen:   " + dialable));
    }
    out.println("api:      " + node.getString("apiUrl"));
  }
}
