package dev.samizdat.node.messaging.net;

/** The outcome of offering an envelope to its recipient directly. */
public sealed interface DeliveryResult {
  /** Stored durably by the recipient. */
  record Accepted() implements DeliveryResult {}

  /** The recipient had stored it already (an earlier attempt's answer was lost). */
  record Duplicate() implements DeliveryResult {}

  /** The recipient refused it as it is; the message fails unless the sender can make it otherwise. */
  sealed interface Refused extends DeliveryResult {
    String reason();
  }

  /** The recipient will never accept it; retrying is pointless. */
  record Rejected(String reason) implements Refused {}

  /**
   * The recipient cannot take the session this frame starts (two senders took the same one-time prekey,
   * or the bundle was stale); the message may go again on a new session.
   */
  record SessionStartRefused(String reason) implements Refused {}

  /** Not taken now: offer it again later, and leave it in the recipient's mailboxes meanwhile. */
  sealed interface TryLater extends DeliveryResult {
    String reason();
  }

  /** The recipient could not be reached or did not answer. */
  record Unreachable(String reason) implements TryLater {}

  /** The recipient answered that it cannot take it now (it is stopping), or with a status this node does not know. */
  record Unavailable(String reason) implements TryLater {}

  default boolean delivered() {
    return this instanceof Accepted || this instanceof Duplicate;
  }
}
