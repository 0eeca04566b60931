package dev.samizdat.node.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samizdat help [COMMAND…]}: the usage of a command at any depth ({@code help channel post});
 * picocli's own help command looks at the first name only.
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of a command: help send, help channel post.")
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands.")
  List<String> path = List.of();

  @Override
  public void run() {
    CommandLine target = spec.commandLine().getParent();
    for (String name : path) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command '" + String.join(" ", path)
            + "': samizdat help lists them");
      }
      target = sub;
    }
    target.usage(spec.commandLine().getOut());
  }
}
