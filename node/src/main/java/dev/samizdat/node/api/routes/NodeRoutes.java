package dev.samizdat.node.api.routes;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.node.Links;
import dev.samizdat.node.NodeContext;
import dev.samizdat.node.messaging.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** {@code GET /api/node} and {@code GET /api/status} (docs/API.md, "Node"). */
public final class NodeRoutes {
  private final NodeContext node;
  private final Supplier<String> apiUrl;

  public NodeRoutes(NodeContext node, Supplier<String> apiUrl) {
    this.node = node;
    this.apiUrl = apiUrl;
  }

  public void register(Router router) {
    router.get("/api/node").handler(c -> Replies.json(c, 200, info()));
    router.get("/api/status").blockingHandler(Replies.blocking(200, c -> status()), false);
  }

  private JsonObject info() {
    JsonArray addrs = new JsonArray();
    node.host().listenAddresses().stream().map(Multiaddr::toString).forEach(addrs::add);
    return new JsonObject()
        .put("peerId", node.peerId().toBase58())
        .put("link", Links.peer(node.peerId()))
        .put("agentVersion", HostConfig.DEFAULT_AGENT_VERSION)
        .put("listenAddrs", addrs)
        .put("apiUrl", apiUrl.get());
  }

  private JsonObject status() {
    long connected = node.host().connections().stream().map(Connection::remotePeer).distinct().count();
    Messaging.OutboxCounts outbox = node.messaging().outboxCounts();
    return new JsonObject()
        .put("peerId", node.peerId().toBase58())
        .put("connectedPeers", connected)
        .put("dht", new JsonObject().put("routingTableSize", node.dht().routingTableSize())
            .put("records", node.dht().recordCount()).put("providers", node.dht().providerCount()))
        .put("outbox", new JsonObject().put("queued", outbox.queued()).put("sentToMailbox", outbox.sentToMailbox())
            .put("failed", outbox.failed()))
        .put("mailbox", new JsonObject().put("bytes", node.messaging().mailboxBytesHeld()))
        .put("storageBytes", directorySize(node.home().databaseDirectory()))
        .put("uptimeSeconds", Duration.between(node.startedAt(), node.clock().instant()).toSeconds());
  }

  private static long directorySize(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // A file RocksDB removed while we walked.
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }
}
