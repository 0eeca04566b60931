package dev.samizdat.node.cli;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Links;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.FileErrors;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code samizdat init}: creates the identity, the config and the store of a new node. */
@Command(name = "init", description = "Create a node: its identity key, config file and store.")
final class InitCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Encrypt the identity (and so the store) under the passphrase on this file's first line;"
          + " else under $" + UpCommand.PASSPHRASE_VARIABLE + ", if set.")
  Path passphraseFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    NodeHome nodeHome = home.resolve();
    if (NodeIdentity.exists(nodeHome)) {
      throw new CliException("an identity already exists in " + nodeHome.directory()
          + " (to add or change its passphrase: samizdat passphrase" + home.argument() + ")");
    }
    // As 'up' creates a node: a passphrase in the environment encrypts the key here too, rather than a
    // key in clear that 'up' then refuses to open with the passphrase it is given.
    Optional<char[]> passphrase = UpCommand.passphrase(passphraseFile);
    NodeIdentity identity = initialise(nodeHome, passphrase, new SecureRandom());
    spec.commandLine().getOut().printf("created a node in %s%nyour address: %s%n%s%n",
        nodeHome.directory(), Links.peer(PeerId.fromPublicKey(identity.key().publicKey())),
        passphrase.isPresent()
            ? "its key is encrypted under your passphrase: 'samizdat up' needs it (--passphrase-file or $"
                + UpCommand.PASSPHRASE_VARIABLE + ")"
            : "its key is not encrypted (anyone who can read the home can use it): 'samizdat passphrase"
                + home.argument() + " --new-passphrase-file FILE' adds a passphrase");
    return 0;
  }

  /** Creates identity, config and store; shared with {@code up} on a fresh home. */
  static NodeIdentity initialise(NodeHome home, Optional<char[]> passphrase, SecureRandom random) {
    NodeIdentity identity = NodeIdentity.create(home, passphrase, random);
    try {
      if (!Files.exists(home.configFile())) {
        NodeHome.writeAtomically(home.configFile(), NodeConfig.DEFAULTS.toFileText());
      }
    } catch (IOException e) {
      throw new CliException(
          "cannot write " + home.configFile() + ": " + FileErrors.describe(e, home.configFile()));
    }
    Database.open(home.databaseDirectory(), identity.atRestSecret(), random).close();
    return identity;
  }
}
