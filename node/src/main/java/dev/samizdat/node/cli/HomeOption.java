package dev.samizdat.node.cli;

import dev.samizdat.node.home.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home DIR}, shared by every command. */
final class HomeOption {
  @Option(names = "--home", paramLabel = "DIR",
      description = "The node's home directory (default: $SAMIZDAT_HOME, else ~/.samizdat).")
  Path home;

  NodeHome resolve() {
    NodeHome resolved = NodeHome.resolve(home, System.getenv());
    if (Files.exists(resolved.directory()) && !Files.isDirectory(resolved.directory())) {
      throw new CliException("the home " + resolved.directory() + " is not a directory");
    }
    return resolved;
  }
}
