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
    if (home != null && home.toString().isBlank()) {
      throw new CliException("--home needs a directory");
    }
    NodeHome resolved = NodeHome.resolve(home, System.getenv());
    if (Files.exists(resolved.directory()) && !Files.isDirectory(resolved.directory())) {
      throw new CliException("the home " + resolved.directory() + " is not a directory");
    }
    return resolved;
  }

  /** {@code --home DIR} when one was given, for the commands a hint suggests to be typed next. */
  String argument() {
    if (home == null) {
      return "";
    }
    String dir = home.toString();
    return " --home " + (dir.matches("[\\w./+-]+") ? dir : "'" + dir.replace("'", "'\\''") + "'");
  }
}
