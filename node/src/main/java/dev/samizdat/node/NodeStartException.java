package dev.samizdat.node;

/** The node could not start; the message says which step failed and why. */
public final class NodeStartException extends RuntimeException {
  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
