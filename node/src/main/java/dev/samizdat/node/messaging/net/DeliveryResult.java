package dev.samizdat.node.messaging.net;

/** The outcome of offering an envelope to its recipient directly. */
public sealed interface DeliveryResult {
  /** Stored durably by the recipient. */
  record Accepted() implements DeliveryResult {}

  /** The recipient had stored it already (an earlier attempt's answer was lost). */
  record Duplicate() implements DeliveryResult {}

  /** The recipient will never accept it; retrying is pointless. */
  record Rejected(String reason) implements DeliveryResult {}

  /** The recipient could not be reached or did not answer; try again later or use a mailbox. */
  record Unreachable(String reason) implements DeliveryResult {}

  default boolean delivered() {
    return this instanceof Accepted || this instanceof Duplicate;
  }
}
