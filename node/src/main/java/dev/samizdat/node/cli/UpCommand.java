package dev.samizdat.node.cli;

import dev.samizdat.libp2p.DialableAddresses;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.node.Links;
import dev.samizdat.node.Node;
import dev.samizdat.node.NodeStartException;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samizdat up}: runs the node in the foreground until SIGINT/SIGTERM, initialising a fresh
 * home first. Flags override {@code <home>/config}.
 */
@Command(name = "up", description = "Run the node in the foreground (creating it first if the home is new).")
final class UpCommand implements Callable<Integer> {
  static final String PASSPHRASE_VARIABLE = "SAMIZDAT_PASSPHRASE";

  @Mixin HomeOption home;

  @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Listen here (repeatable; default from config).")
  List<String> listen;

  @Option(names = "--bootstrap", paramLabel = "MULTIADDR", description = "Join the DHT through this peer (repeatable).")
  List<String> bootstrap;

  @Option(names = "--api-port", paramLabel = "PORT", description = "The local API's port; 0 picks a free one.")
  Integer apiPort;

  @Option(names = "--read-receipts", negatable = true, paramLabel = "",
      description = "Tell senders when you read their messages (default: messages.read-receipts in the config, true).")
  Boolean readReceipts;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "The identity's passphrase (first line); else $" + PASSPHRASE_VARIABLE + ".")
  Path passphraseFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    NodeHome nodeHome = home.resolve();
    Optional<char[]> passphrase = passphrase(passphraseFile);
    // The settings first: a mistyped flag must not leave a new home behind.
    NodeConfig config = NodeConfig.load(nodeHome.configFile());
    if (listen != null) {
      config = config.withListen(listen);
    }
    if (bootstrap != null) {
      config = config.withBootstrap(bootstrap);
    }
    if (apiPort != null) {
      config = config.withApiPort(apiPort);
    }
    if (readReceipts != null) {
      config = config.withReadReceipts(readReceipts);
    }
    boolean newDirectory = !java.nio.file.Files.exists(nodeHome.directory());
    boolean created = !NodeIdentity.exists(nodeHome);
    if (passphrase.isPresent() && (created || NodeIdentity.isEncrypted(nodeHome))) {
      out.println("deriving the key of the passphrase: a few seconds, slow on purpose");
      out.flush();
    }
    if (created) {
      InitCommand.initialise(nodeHome, passphrase, new SecureRandom());
    } else if (NodeIdentity.isEncrypted(nodeHome) && passphrase.isEmpty()) {
      throw new CliException("the identity in " + nodeHome.directory() + " is encrypted: give its passphrase with"
          + " --passphrase-file FILE or the environment variable " + PASSPHRASE_VARIABLE);
    }
    Node node;
    try {
      node = start(nodeHome, config, passphrase, newDirectory);
    } catch (CliException e) {
      if (newDirectory) {
        try {
          NodeHome.deleteTree(nodeHome.directory()); // made by this command a moment ago: nothing of the user's in it
        } catch (java.io.IOException notDeleted) {
          e.addSuppressed(notDeleted);
        }
      }
      throw e;
    }
    if (created) {
      out.println("created a new node in " + nodeHome.directory());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("stopping: finishing what is being written");
      out.flush();
      node.close();
      out.println("samizdat node stopped");
      out.flush();
      stopped.countDown();
    }, "samizdat-shutdown"));
    out.println("samizdat node " + node.peerId() + " is up");
    out.println("your address: " + Links.peer(node.peerId()));
    for (Multiaddr listening : node.listenAddresses()) {
      for (Multiaddr a : DialableAddresses.of(listening)) {
        out.println("listening on: " + a);
      }
    }
    out.println("local API:    " + node.apiUrl() + " (token in " + nodeHome.apiTokenFile() + ")");
    out.println("web client:   " + node.webLoginUrl() + "  (logs one browser in, once; samizdat web"
        + home.argument() + " prints a new link)");
    out.println("stop with Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }

  /** {@code newDirectory}: the home was made by this run, and a failure to start removes it again. */
  private static Node start(NodeHome home, NodeConfig config, Optional<char[]> passphrase, boolean newDirectory) {
    try {
      return Node.start(home, config, passphrase, List.of(new dev.samizdat.node.channels.ChannelsNodeService()));
    } catch (NodeStartException e) {
      String reason = e.getMessage();
      if (reason.contains("local API") && reason.toLowerCase().contains("address already in use")) {
        throw new CliException("the API port " + config.apiPort() + " is taken (is another node running?):"
            + " choose another with --api-port, or --api-port 0 for any free port");
      }
      if (reason.toLowerCase().contains("address already in use")) {
        // The flags of an earlier run are not kept: 'up' listens where the config says unless told. A home
        // made by this run is removed again, and its config with it: that file is then no place to set it.
        throw new CliException(reason + " (is another node running? choose the address with --listen"
            + (newDirectory ? ")" : ", or set 'listen' in " + home.configFile() + ")"));
      }
      throw new CliException(reason);
    }
  }

  /** The passphrase on {@code passphraseFile}'s first line if given, else in the environment, if there. */
  static Optional<char[]> passphrase(Path passphraseFile) {
    if (passphraseFile != null) {
      return Optional.of(NodeIdentity.readPassphraseFile(passphraseFile));
    }
    String fromEnvironment = System.getenv(PASSPHRASE_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isEmpty() ? Optional.empty()
        : Optional.of(fromEnvironment.toCharArray());
  }
}
