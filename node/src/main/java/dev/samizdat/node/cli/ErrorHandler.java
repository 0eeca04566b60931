package dev.samizdat.node.cli;

import dev.samizdat.crypto.CryptoException;
import dev.samizdat.node.config.ConfigException;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and a non-zero exit code. A stack trace is printed only
 * when {@code SAMIZDAT_DEBUG} is set, for bug reports.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int FAILURE = 1;

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
    commandLine.getErr().println("samizdat: " + message);
    if (System.getenv("SAMIZDAT_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().flush();
    return FAILURE;
  }
}
