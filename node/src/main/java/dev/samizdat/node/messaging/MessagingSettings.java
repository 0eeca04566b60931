package dev.samizdat.node.messaging;

import java.time.Duration;

/**
 * The user's and the operator's messaging choices.
 *
 * @param readReceipts whether peers are told when this user read their messages
 * @param mailboxReplicas how many mailbox nodes receive each envelope for an offline peer (3–5)
 * @param mailboxRetention how long this node keeps envelopes it holds for others, and how long an
 *     undelivered message is retried before it fails
 * @param collectInterval how often this node collects its own mailboxes
 */
public record MessagingSettings(boolean readReceipts, int mailboxReplicas, Duration mailboxRetention,
    Duration collectInterval) {
  public static final MessagingSettings DEFAULTS =
      new MessagingSettings(true, 3, Duration.ofDays(14), Duration.ofMinutes(5));

  public MessagingSettings {
    if (mailboxReplicas < MessagingLimits.MIN_MAILBOX_REPLICAS || mailboxReplicas > MessagingLimits.MAX_MAILBOX_REPLICAS) {
      throw new MessagingException("mailbox replicas must be " + MessagingLimits.MIN_MAILBOX_REPLICAS + ".."
          + MessagingLimits.MAX_MAILBOX_REPLICAS + ", got " + mailboxReplicas);
    }
    if (mailboxRetention.isNegative() || mailboxRetention.isZero() || collectInterval.isNegative()
        || collectInterval.isZero()) {
      throw new MessagingException("mailbox retention and collect interval must be positive");
    }
  }

  /** From the node's config ({@code mailbox.retention-days}). */
  public static MessagingSettings fromConfig(dev.samizdat.node.config.NodeConfig config) {
    return DEFAULTS.withMailboxRetention(Duration.ofDays(config.mailboxRetentionDays()))
        .withReadReceipts(config.readReceipts());
  }

  public MessagingSettings withReadReceipts(boolean value) {
    return new MessagingSettings(value, mailboxReplicas, mailboxRetention, collectInterval);
  }

  public MessagingSettings withMailboxRetention(Duration value) {
    return new MessagingSettings(readReceipts, mailboxReplicas, value, collectInterval);
  }
}
