package dev.samizdat.node.cli;

import ch.qos.logback.classic.Level;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Node;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code samizdat demo}: a small network on 127.0.0.1 in temporary homes (a bootstrap node, Alice,
 * Bob and Carol, each a full node started as {@code up} starts it), showing direct delivery and
 * delivery through mailboxes to a peer that was offline; then it deletes the homes, also when stopped
 * by SIGINT or SIGTERM.
 */
@Command(name = "demo", description = "Run a four-node network on this machine and show messages delivered.")
final class DemoCommand implements Callable<Integer> {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** How long SIGINT/SIGTERM waits for the nodes to stop and the homes to go: each node closes in about a second. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(20);
  /** The exit code of a command stopped by SIGINT, as shells report it (128 + 2). */
  private static final int INTERRUPTED = 130;

  @Spec CommandSpec spec;

  private PrintWriter out;

  @Override
  public Integer call() throws IOException {
    out = spec.commandLine().getOut();
    if (System.getenv("SAMIZDAT_LOG_LEVEL") == null) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
    }
    Path root = Files.createTempDirectory("samizdat-demo");
    SecureRandom random = new SecureRandom();
    Node bootstrap = null;
    Node alice = null;
    Node bob = null;
    Node carol = null;
    OnSignal onSignal = new OnSignal(Thread.currentThread(), root);
    try {
      step("starting a bootstrap node and three users on 127.0.0.1 (homes in " + root + ")");
      bootstrap = start(root, "bootstrap", List.of(), random);
      List<Multiaddr> seeds = bootstrap.listenAddresses();
      alice = start(root, "alice", seeds, random);
      bob = start(root, "bob", seeds, random);
      carol = start(root, "carol", seeds, random);
      for (var n : List.of(bootstrap, alice, bob, carol)) {
        out.println("    " + n.listenAddresses().get(0));
      }
      alice.messaging().addContact(bob.peerId(), "Bob");
      alice.messaging().addContact(carol.peerId(), "Carol");
      bob.messaging().addContact(alice.peerId(), "Alice");
      carol.messaging().addContact(alice.peerId(), "Alice");

      step("Alice → Bob, directly (end-to-end encrypted: PQXDH, then the Double Ratchet)");
      MessageId hi = alice.messaging().send(bob.peerId(), "Hi Bob! This went straight to your node.");
      Node b = bob;
      await("Bob to receive it", () -> b.messaging().inbox(InboxFilter.all()).size() == 1);
      show("Bob", bob, Map.of(alice.peerId(), "Alice"));
      Node a = alice;
      await("the delivery receipt", () -> state(a, hi) == MessageState.DELIVERED);
      out.println("    Alice sees: " + state(alice, hi).name().toLowerCase());

      step("Bob → Alice, and Alice reads it (a read receipt goes back)");
      MessageId hello = bob.messaging().send(alice.peerId(), "Hello Alice, got it.");
      await("Alice to receive it", () -> a.messaging().inbox(InboxFilter.all()).size() == 1);
      show("Alice", alice, Map.of(bob.peerId(), "Bob"));
      alice.messaging().markRead(bob.peerId());
      await("the read receipt", () -> state(b, hello) == MessageState.READ);
      out.println("    Bob sees: read");

      step("Carol goes offline; Alice writes to her anyway");
      int carolPort = port(carol);
      carol.close();
      MessageId first = alice.messaging().send(carol.peerId(), "Carol, are you there?");
      MessageId second = alice.messaging().send(carol.peerId(), "I'll leave this in your mailbox.");
      await("the messages to reach Carol's mailbox nodes", () -> state(a, first) == MessageState.SENT_TO_MAILBOX
          && state(a, second) == MessageState.SENT_TO_MAILBOX);
      out.println("    Alice sees: in mailbox (sealed envelopes held by the nodes closest to Carol's mailbox key)");

      step("Carol comes back and collects her mailbox");
      carol = start(root, "carol", seeds, carolPort, random);
      Node c = carol;
      await("Carol to collect", () -> c.messaging().inbox(InboxFilter.all()).size() == 2);
      show("Carol", carol, Map.of(alice.peerId(), "Alice"));
      await("the delivery receipts", () -> state(a, first) == MessageState.DELIVERED
          && state(a, second) == MessageState.DELIVERED);
      out.println("    Alice sees: delivered, delivered");
      step("done: stopping the nodes and deleting their homes");
      return 0;
    } catch (RuntimeException e) {
      if (onSignal.signalled()) {
        return INTERRUPTED; // the hook has said what happened; this is only the demo failing under it
      }
      throw e;
    } finally {
      onSignal.cleaningUp();
      try {
        for (Node n : new Node[] {carol, bob, alice, bootstrap}) {
          if (n != null) {
            n.close();
          }
        }
        NodeHome.deleteTree(root);
        out.flush();
      } finally {
        onSignal.cleanedUp();
      }
    }
  }

  /**
   * The shutdown hook: on SIGINT/SIGTERM it interrupts the demo, whose {@code finally} closes the nodes
   * and deletes the homes, and waits for that. The nodes are closed on the demo's thread only, rather
   * than under the feet of a thread still using them.
   */
  private final class OnSignal implements Runnable {
    private final Thread demo;
    private final Path root;
    private final Thread hook = new Thread(this, "samizdat-demo-shutdown");
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Object lock = new Object();
    private boolean signalled;
    private boolean cleaning;

    OnSignal(Thread demo, Path root) {
      this.demo = demo;
      this.root = root;
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void run() {
      synchronized (lock) {
        // Once the demo is stopping its nodes anyway, an interrupt would only cut that short.
        if (!cleaning) {
          signalled = true;
          out.println("interrupted: stopping the demo's nodes and deleting their homes");
          out.flush();
          demo.interrupt();
        }
      }
      try {
        if (!cleanedUp.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS) || Files.exists(root)) {
          out.println("could not delete " + root + ": delete it by hand");
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    boolean signalled() {
      synchronized (lock) {
        return signalled;
      }
    }

    /** From here on the demo's thread is not interrupted, and an interrupt already sent is cleared. */
    void cleaningUp() {
      synchronized (lock) {
        cleaning = true;
        Thread.interrupted();
      }
    }

    void cleanedUp() {
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running, and returns now
      }
    }
  }

  private Node start(Path root, String name, List<Multiaddr> seeds, SecureRandom random) {
    return start(root, name, seeds, 0, random);
  }

  private static Node start(Path root, String name, List<Multiaddr> seeds, int port, SecureRandom random) {
    NodeHome home = new NodeHome(root.resolve(name));
    if (!Files.exists(home.identityFile())) {
      InitCommand.initialise(home, Optional.empty(), random);
    }
    NodeConfig config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/" + port)).withApiPort(0)
        .withBootstrap(seeds.stream().map(Multiaddr::toString).toList());
    return Node.start(home, config, Optional.empty(), List.of(new dev.samizdat.node.channels.ChannelsNodeService()));
  }

  private static int port(Node node) {
    return Integer.parseInt(node.listenAddresses().get(0).components().get(1).valueText());
  }

  private void step(String text) {
    out.println("==> " + text);
    out.flush();
  }

  /** What {@code who} received, in the order it was sent, senders by the names {@code who} gave them. */
  private void show(String who, Node node, Map<PeerId, String> names) {
    List<MessageView> oldestFirst = new java.util.ArrayList<>(node.messaging().inbox(InboxFilter.all()));
    java.util.Collections.reverse(oldestFirst);
    for (MessageView m : oldestFirst) {
      out.println("    " + who + " received from " + names.getOrDefault(m.peer(), shortId(m.peer())) + ": \""
          + m.body() + "\"");
    }
    out.flush();
  }

  private static String shortId(PeerId peer) {
    String text = peer.toBase58();
    return text.substring(0, 8) + "…" + text.substring(text.length() - 6);
  }

  private static MessageState state(Node node, MessageId id) {
    return node.messaging().message(id).map(MessageView::state).orElseThrow();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new CliException("the demo gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }
  }

}
