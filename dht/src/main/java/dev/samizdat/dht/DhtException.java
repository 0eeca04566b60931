package dev.samizdat.dht;

/** The dht module's error family: a local failure, unless it is an {@link InvalidMessageException}. */
public class DhtException extends RuntimeException {
  public DhtException(String message) {
    super(message);
  }

  public DhtException(String message, Throwable cause) {
    super(message, cause);
  }
}
