package dev.samizdat.node.web;

import dev.samizdat.node.Node;
import dev.samizdat.node.NodeService;
import dev.samizdat.node.channels.ChannelSettings;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A real node on loopback (libp2p on a free port, the API on another) with a fresh home. */
record TestNode(Node node, NodeHome home) implements AutoCloseable {

  static TestNode start(Path directory, List<String> bootstrap) throws IOException {
    var home = new NodeHome(directory);
    home.createIfMissing();
    NodeIdentity.create(home, Optional.empty(), new SecureRandom());
    var config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withBootstrap(bootstrap)
        .withApiPort(0);
    return new TestNode(Node.start(home, config, Optional.empty(), services()), home);
  }

  /**
   * What {@code samizdat up} runs, channels, blocklists and reports included, with a pull interval
   * short enough for a test to see a missed push made good.
   */
  static List<NodeService> services() {
    return List.of(new ChannelsNodeService(ChannelSettings.DEFAULTS.withPullInterval(Duration.ofSeconds(1))));
  }

  /** A link as {@code samizdat up} or {@code samizdat web} prints it: it logs a browser in, once. */
  String loginUrl() {
    return node.webLoginUrl();
  }

  String baseUrl() {
    return node.apiUrl();
  }

  List<String> bootstrapAddresses() {
    return node.listenAddresses().stream().map(Object::toString).toList();
  }

  /**
   * Stops the node and starts it again from the same home with the API on the same port, as a
   * user restarting {@code samizdat up} does: pages open in a browser stay on that address.
   */
  TestNode restart(List<String> bootstrap) {
    int apiPort = URI.create(baseUrl()).getPort();
    node.close();
    var config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withBootstrap(bootstrap)
        .withApiPort(apiPort);
    return new TestNode(Node.start(home, config, Optional.empty(), services()), home);
  }

  @Override
  public void close() {
    node.close();
  }
}
