package dev.samizdat.node.messaging;

import dev.samizdat.crypto.Ed25519PublicKey;

/**
 * Where reports to a blocklist's moderators land when they arrive (the channels service's review
 * desk). Called under messaging's lock, before the envelope is acknowledged: the sink must store the
 * report durably before returning, be quick, and never call back into {@link Messaging}.
 */
public interface ReportSink {
  ReportSink NONE = (sender, report) -> {
    throw new MessagingException("this node keeps no review queue");
  };

  /**
   * @param sender the identity that sent the report, authenticated by the session
   * @throws RuntimeException with a reason when the report is refused (the sender hears why)
   */
  void accept(Ed25519PublicKey sender, byte[] report);
}
