package dev.samizdat.node.cli;

import dev.samizdat.node.home.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --home DIR}, shared by every command. It may also come before the command ({@code samizdat --home
 * DIR status}), where an enclosing command holds it; given after the command too, that one wins.
 */
final class HomeOption {
  private static final String NAME = "--home";

  @Option(names = NAME, paramLabel = "DIR",
      description = "The node's home directory (default: $SAMIZDAT_HOME, else ~/.samizdat).")
  Path home;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  private Path chosen() {
    if (home != null || command == null) {
      return home;
    }
    for (CommandSpec enclosing = command.parent(); enclosing != null; enclosing = enclosing.parent()) {
      OptionSpec option = enclosing.findOption(NAME);
      if (option != null && option.getValue() != null) {
        return option.getValue();
      }
    }
    return null;
  }

  NodeHome resolve() {
    Path home = chosen();
    if (home != null && home.toString().isBlank()) {
      throw new CliException(NAME + " needs a directory");
    }
    NodeHome resolved = NodeHome.resolve(home, System.getenv());
    if (Files.exists(resolved.directory()) && !Files.isDirectory(resolved.directory())) {
      throw new CliException("the home " + resolved.directory() + " is not a directory");
    }
    return resolved;
  }

  /** {@code --home DIR} when one was given, for the commands a hint suggests to be typed next. */
  String argument() {
    Path home = chosen();
    if (home == null) {
      return "";
    }
    String dir = home.toString();
    return " " + NAME + " " + (dir.matches("[\\w./+-]+") ? dir : "'" + dir.replace("'", "'\\''") + "'");
  }
}
