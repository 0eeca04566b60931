package dev.samizdat.libp2p;

/** The libp2p module's error family: a local failure, unless it is a {@link ProtocolViolationException}. */
public class Libp2pException extends RuntimeException {
  public Libp2pException(String message) {
    super(message);
  }

  public Libp2pException(String message, Throwable cause) {
    super(message, cause);
  }
}
