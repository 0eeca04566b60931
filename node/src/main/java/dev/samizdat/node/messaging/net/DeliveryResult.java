package dev.samizdat.node.messaging.net;

/** The outcome of offering an envelope to its recipient directly. */
public sealed interface DeliveryResult {
  /** Stored durably by the recipient. */
  record Accepted() implements DeliveryResult {}

  /** The recipient had stored it already (an earlier attempt's answer was lost). */
  record Duplicate() implements DeliveryResult {}

  /** The recipient will never accept it; retrying is pointless. */
  record Rejected(String reason) implements DeliveryResult {}

  /**
   * The recipient cannot take the session this frame starts (two senders took the same one-time prekey,
   * or the bundle was stale); the message may go again on a new session.
   */
  record SessionStartRefused(String reason) implements DeliveryResult {}

  /**
   * The recipient could not be reached, did not answer, or could not take it now (it is stopping); try
   * again later or use a mailbox.
   */
  record Unreachable(String reason) implements DeliveryResult {}

  default boolean delivered() {
    return this instanceof Accepted || this instanceof Duplicate;
  }
}
