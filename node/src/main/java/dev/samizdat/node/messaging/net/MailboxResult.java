package dev.samizdat.node.messaging.net;

import java.util.List;

/**
 * A mailbox node's answer. {@code envelopes} is filled by a fetch, {@code more} when the node holds
 * further envelopes for the recipient.
 */
public record MailboxResult(Status status, String error, List<Stored> envelopes, boolean more) {
  public enum Status { OK, FULL, REJECTED, UNAUTHORIZED, UNREACHABLE }

  public record Stored(EnvelopeId id, byte[] envelope) {}

  public MailboxResult {
    envelopes = List.copyOf(envelopes);
  }

  public static MailboxResult ok() {
    return new MailboxResult(Status.OK, "", List.of(), false);
  }

  public static MailboxResult failed(Status status, String error) {
    return new MailboxResult(status, error, List.of(), false);
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}
