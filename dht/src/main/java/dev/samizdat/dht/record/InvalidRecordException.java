package dev.samizdat.dht.record;

import dev.samizdat.dht.InvalidMessageException;

/** A record that its namespace's validator refuses: bad signature, expired, too large, unknown namespace. */
public class InvalidRecordException extends InvalidMessageException {
  public InvalidRecordException(String message) {
    super(message);
  }

  public InvalidRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
