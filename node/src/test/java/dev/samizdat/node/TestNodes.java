package dev.samizdat.node;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Real nodes on 127.0.0.1 in temporary homes, started exactly as {@code samizdat up} starts them. */
final class TestNodes implements AutoCloseable {
  private final Path root;
  private final SecureRandom random = new SecureRandom();
  private final List<Node> running = new ArrayList<>();

  TestNodes(Path root) {
    this.root = root;
  }

  NodeHome home(String name) {
    NodeHome home = new NodeHome(root.resolve(name));
    if (!NodeIdentity.exists(home)) {
      NodeIdentity.create(home, Optional.empty(), random);
    }
    return home;
  }

  static NodeConfig config(int port, List<Multiaddr> bootstrap) {
    return NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/" + port)).withApiPort(0)
        .withBootstrap(bootstrap.stream().map(Multiaddr::toString).toList());
  }

  Node start(String name, int port, List<Multiaddr> bootstrap) {
    return start(name, port, bootstrap, List.of());
  }

  /** A node with {@code services}, as {@code samizdat up} starts it with the channels service. */
  Node start(String name, int port, List<Multiaddr> bootstrap, List<NodeService> services) {
    Node node = Node.start(home(name), config(port, bootstrap), Optional.empty(), services);
    running.add(node);
    return node;
  }

  Node start(String name, List<Multiaddr> bootstrap) {
    return start(name, 0, bootstrap);
  }

  void stop(Node node) {
    node.close();
    running.remove(node);
  }

  static int port(Node node) {
    return Integer.parseInt(node.listenAddresses().get(0).components().get(1).valueText());
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    running.clear();
  }
}
