package dev.samizdat.dht;

/**
 * A remote peer sent a kad-dht message or record that breaks the protocol: reset the stream and
 * drop the peer from the routing table.
 */
public class InvalidMessageException extends DhtException {
  public InvalidMessageException(String message) {
    super(message);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
