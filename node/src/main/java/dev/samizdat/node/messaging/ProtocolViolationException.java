package dev.samizdat.node.messaging;

/**
 * A remote peer broke a messaging protocol: a malformed, oversized or unauthentic frame. The stream
 * it came on is closed; the node keeps serving everyone else.
 */
public class ProtocolViolationException extends MessagingException {
  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
