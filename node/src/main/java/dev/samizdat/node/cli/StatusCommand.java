package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code samizdat status}: connections, DHT, outbox and storage figures. */
@Command(name = "status", description = "Show connections, DHT, outbox and storage figures.")
final class StatusCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/status");
  }

  @Override
  void print(JsonObject s, PrintWriter out) {
    JsonObject dht = s.getJsonObject("dht");
    JsonObject outbox = s.getJsonObject("outbox");
    out.println("peer id:         " + s.getString("peerId"));
    out.println("connected peers: " + s.getValue("connectedPeers"));
    out.println("dht:             " + Counts.of(dht.getLong("routingTableSize"), "peer") + " in the routing table, "
        + Counts.of(dht.getLong("records"), "record") + " held");
    out.println("outbox:          " + outbox.getValue("queued") + " queued, " + outbox.getValue("sentToMailbox")
        + " in mailboxes, " + outbox.getValue("failed") + " failed");
    out.println("mailbox:         " + s.getJsonObject("mailbox").getValue("bytes") + " bytes held for others");
    out.println("storage:         " + s.getValue("storageBytes") + " bytes");
    out.println("uptime:          " + s.getValue("uptimeSeconds") + " s");
  }
}
