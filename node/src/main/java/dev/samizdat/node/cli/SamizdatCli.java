package dev.samizdat.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code samizdat} command: a thin client of a node's local API, plus {@code init} and {@code up}. */
@Command(
    name = "samizdat",
    mixinStandardHelpOptions = true,
    // so that every subcommand takes -h/--help too, not only the top command
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = SamizdatCli.Version.class,
    description = "A peer-to-peer, end-to-end-encrypted messenger.",
    subcommands = {HelpCommand.class, InitCommand.class, UpCommand.class, IdCommand.class,
        StatusCommand.class, ContactsCommand.class, SendCommand.class, InboxCommand.class, HistoryCommand.class,
        ReadCommand.class, DeleteCommand.class,
        PeersCommand.class, PingCommand.class, DhtCommand.class, DemoCommand.class, ChannelCommand.class,
        ChannelsCommand.class, BlocklistCommand.class, WhyCommand.class, UserRuleCommands.Block.class,
        UserRuleCommands.Allow.class, UserRuleCommands.Unblock.class, ReportCommand.class, ReportsCommand.class,
        PassphraseCommand.class, WebCommand.class})
public final class SamizdatCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // so that "--home DIR" may come before the subcommand
  @CommandLine.Mixin HomeOption home;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new SamizdatCli());
    // "-1h" is a (wrong) timer to explain, not an unknown option.
    commandLine.getSubcommands().get("contacts").getSubcommands().get("disappearing")
        .setUnmatchedOptionsArePositionalParams(true);
    ErrorHandler errors = new ErrorHandler();
    return commandLine.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SamizdatCli.class.getPackage().getImplementationVersion();
      return new String[] {"samizdat " + (version == null ? "development build" : version)};
    }
  }
}
