package dev.samizdat.node.cli;

import dev.samizdat.crypto.CryptoException;
import dev.samizdat.node.config.ConfigException;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and a non-zero exit code: plain text, or with
 * {@code --json} the object {@code {"error": "..."}} that the API answers with, so that a script
 * reads failures the way it reads answers. A stack trace is printed only when {@code SAMIZDAT_DEBUG}
 * is set, for bug reports.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int FAILURE = 1;
  private static final String END_OF_OPTIONS = "--";

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    String message;
    if (e instanceof CliException || e instanceof NodeIdentity.IdentityException || e instanceof CryptoException
        || e instanceof IllegalArgumentException || e instanceof dev.samizdat.node.NodeStartException) {
      message = e.getMessage();
    } else if (e instanceof ConfigException) {
      message = "configuration: " + e.getMessage();
    } else if (e instanceof StoreException) {
      message = "store: " + e.getMessage();
    } else {
      message = "unexpected error: " + e;
    }
    boolean json = commandLine.getCommand() instanceof ClientCommand command && command.json;
    PrintWriter err = commandLine.getErr();
    print(err, message, json);
    if (System.getenv("SAMIZDAT_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /**
   * A command line that does not parse: the error and where the usage is, rather than the whole
   * usage, which buries the one line that matters; picocli's suggestions for a mistyped word stay.
   */
  @Override
  public int handleParseException(ParameterException e, String[] args) throws Exception {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    if (asksForJson(args)) {
      print(err, e.getMessage(), true);
    } else {
      print(err, e.getMessage(), false);
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
        if (!unmatched.getSuggestions().isEmpty()) {
          err.println("(did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?)");
        }
        if (commandLine.getCommand() instanceof SendCommand) {
          err.println("(a text of several words goes in quotes: samizdat send Bob \"see you at nine\")");
        }
      }
      if (commandLine.getCommand() instanceof SendCommand && textTakenForAnOption(e, args)) {
        err.println("(a text that begins with '-' goes after '--', which ends the options:"
            + " samizdat send Bob --home DIR -- \"-5 degrees outside\")");
      }
      err.println("(usage: " + commandLine.getCommandSpec().qualifiedName() + " --help)");
    }
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Whether a word that begins with '-' was the text meant to be sent: picocli takes it for an option,
   * and then says only that the text is missing, or, after a '--' that came before the options, that
   * those are unknown.
   */
  private static boolean textTakenForAnOption(ParameterException e, String[] args) {
    CommandLine.Model.CommandSpec command = e.getCommandLine().getCommandSpec();
    for (String arg : args) {
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals(END_OF_OPTIONS)) {
        continue;
      }
      boolean words = arg.strip().contains(" ") || arg.contains("\n");
      boolean option = command.findOption(arg.split("=", 2)[0]) != null;
      if (words || (e instanceof CommandLine.MissingParameterException && !option)) {
        return true;
      }
    }
    return false;
  }

  private static void print(PrintWriter err, String message, boolean json) {
    message = message.startsWith("Error: ") ? message.substring("Error: ".length()) : message; // picocli's own prefix
    err.println(json ? new JsonObject().put("error", message).encode() : "samizdat: " + TerminalText.safe(message));
  }

  private static boolean asksForJson(String[] args) {
    List<String> arguments = List.of(args);
    int end = arguments.indexOf(END_OF_OPTIONS);
    return (end < 0 ? arguments : arguments.subList(0, end)).contains(ClientCommand.JSON_OPTION);
  }
}
