package dev.samizdat.libp2p;

/**
 * The libp2p module's error family: unchecked, with a message that says what failed. A subclass,
 * {@link ProtocolViolationException}, marks failures caused by the remote peer; everything else is a
 * local failure.
 */
public class Libp2pException extends RuntimeException {
  public Libp2pException(String message) {
    super(message);
  }

  public Libp2pException(String message, Throwable cause) {
    super(message, cause);
  }
}
