package dev.samizdat.node.messaging;

import dev.samizdat.libp2p.PeerId;
import java.time.Duration;

/**
 * What the node publishes to the API's event stream. Called only after the change is durably
 * stored, on whichever thread made it; implementations must be quick and must not call back into
 * {@link Messaging} synchronously.
 */
public interface MessagingListener {
  MessagingListener NONE = new MessagingListener() {};

  /** A new incoming message was stored (shown once, however often it arrived). */
  default void messageReceived(MessageView message) {}

  /** The user's message was durably queued (whichever client sent it: every open client shows it). */
  default void messageSent(MessageView message) {}

  /** An outgoing message's state moved forward. */
  default void stateChanged(PeerId peer, MessageId id, MessageState state) {}

  /**
   * The conversation's disappearing timer changed (zero: off): set by the user here ({@code byUser}),
   * or adopted from a message the peer sent under a newer setting.
   */
  default void disappearingTimerChanged(PeerId peer, Duration timer, boolean byUser) {}

  /** Why messages were deleted. */
  enum Deletion { EXPIRED, BY_USER }

  /** Messages of the conversation with {@code peer} were deleted from this node. */
  default void messagesDeleted(PeerId peer, java.util.List<MessageId> ids, Deletion reason) {}

  /**
   * The user added, renamed, verified (or unverified) or removed a contact, from whichever client. A
   * peer becoming an unnamed contact by writing or being written to is told as a message instead.
   */
  default void contactChanged(ContactChange change) {}
}
