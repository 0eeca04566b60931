package dev.samizdat.node.cli;

import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code samizdat passphrase}: adds, changes or removes the passphrase of an existing node's key. */
@Command(name = "passphrase", description = "Add, change or remove the passphrase that encrypts this node's key.")
final class PassphraseCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "The current passphrase (first line), if the key has one; else $" + UpCommand.PASSPHRASE_VARIABLE + ".")
  Path currentFile;

  static final class Next {
    @Option(names = "--new-passphrase-file", paramLabel = "FILE", required = true,
        description = "The new passphrase (first line; at least " + NodeIdentity.MIN_PASSPHRASE_LENGTH + " characters).")
    Path file;

    @Option(names = "--remove", required = true, description = "Store the key unencrypted from now on.")
    boolean remove;
  }

  @ArgGroup(multiplicity = "1") Next next;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    NodeHome nodeHome = home.resolve();
    if (!NodeIdentity.exists(nodeHome)) {
      throw new CliException("no identity in " + nodeHome.directory() + " (create one with: samizdat init"
          + home.argument() + ")");
    }
    Optional<char[]> nextPassphrase = next.remove ? Optional.empty()
        : Optional.of(NodeIdentity.readPassphraseFile(next.file));
    boolean wasEncrypted = NodeIdentity.isEncrypted(nodeHome);
    if (next.remove && !wasEncrypted) {
      spec.commandLine().getOut().println("the key in " + nodeHome.identityFile() + " is not encrypted: nothing changed");
      return 0;
    }
    // A passphrase exported for 'up' is not the current one of a key that has none.
    Optional<char[]> current = currentFile == null && !wasEncrypted ? Optional.empty() : UpCommand.passphrase(currentFile);
    NodeIdentity.changePassphrase(nodeHome, current, nextPassphrase, new SecureRandom());
    spec.commandLine().getOut().println(nextPassphrase.isPresent()
        ? "the key in " + nodeHome.identityFile() + " is now encrypted under the new passphrase; give it to"
            + " 'samizdat up" + home.argument() + "' with --passphrase-file or $" + UpCommand.PASSPHRASE_VARIABLE
        : "the key in " + nodeHome.identityFile() + " is now stored unencrypted");
    return 0;
  }
}
