package dev.samizdat.node.cli;

/** A failure the CLI reports as one clear line and a non-zero exit code, never a stack trace. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
