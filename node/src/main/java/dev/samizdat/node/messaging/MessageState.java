package dev.samizdat.node.messaging;

/**
 * What the user sees of a message. Outgoing messages move forward only: QUEUED → SENT_TO_MAILBOX →
 * DELIVERED → READ, or to FAILED when they expire undelivered. Incoming messages are RECEIVED.
 */
public enum MessageState {
  QUEUED,
  SENT_TO_MAILBOX,
  DELIVERED,
  READ,
  FAILED,
  RECEIVED;

  /** Whether moving from this state to {@code next} is progress (states never go back). */
  public boolean canAdvanceTo(MessageState next) {
    if (this == RECEIVED || next == RECEIVED || this == FAILED || this == READ) {
      return false;
    }
    if (next == FAILED) {
      return this == QUEUED || this == SENT_TO_MAILBOX;
    }
    return next.ordinal() > ordinal();
  }
}
