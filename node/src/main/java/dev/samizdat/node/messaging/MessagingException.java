package dev.samizdat.node.messaging;

/** A messaging operation failed locally or was refused; the message says what and why. */
public class MessagingException extends RuntimeException {
  public MessagingException(String message) {
    super(message);
  }

  public MessagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
