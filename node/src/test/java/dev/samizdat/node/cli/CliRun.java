package dev.samizdat.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line as a user types it: its exit code and what it printed on each stream. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    return of(SamizdatCli.commandLine(), args);
  }

  /** Runs {@code cli}, which a test may have set up first (standard input of a command, say). */
  public static CliRun of(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
