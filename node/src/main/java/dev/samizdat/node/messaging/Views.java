package dev.samizdat.node.messaging;

import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredMessage;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredState;
import java.time.Instant;
import java.util.Optional;

/** Conversions between stored rows and the values the API shows. */
final class Views {
  private Views() {}

  static MessageView of(StoredMessage m) {
    return new MessageView(id(m), Core.peerOf(m.getPeer().toByteArray()),
        m.getOutgoing(), m.getBody(), Instant.ofEpochMilli(m.getSentAtMillis()),
        Instant.ofEpochMilli(m.getReceivedAtMillis()), state(m.getState()), m.getRead(),
        m.getExpiresAtMillis() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(m.getExpiresAtMillis())),
        m.getFailure().isEmpty() ? Optional.empty() : Optional.of(m.getFailure()));
  }

  static MessageId id(StoredMessage m) {
    return MessageId.fromBytes(m.getMessageId().toByteArray());
  }

  static MessageState state(StoredState s) {
    return switch (s) {
      case QUEUED -> MessageState.QUEUED;
      case SENT_TO_MAILBOX -> MessageState.SENT_TO_MAILBOX;
      case DELIVERED -> MessageState.DELIVERED;
      case READ -> MessageState.READ;
      case FAILED -> MessageState.FAILED;
      case RECEIVED -> MessageState.RECEIVED;
      default -> throw new dev.samizdat.node.store.StoreException("a stored message has no state");
    };
  }

  static StoredState stored(MessageState s) {
    return StoredState.valueOf(s.name());
  }
}
