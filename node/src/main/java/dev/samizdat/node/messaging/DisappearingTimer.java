package dev.samizdat.node.messaging;

import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;

/**
 * Which disappearing-timer setting of a conversation holds, when both sides may change it and every
 * message carries the setting it was sent under. Each change raises the setting's version; a
 * message sent under an older version, written before its sender heard of the change, leaves the
 * timer alone. Two changes made at once from the same version settle on the stricter timer, on
 * both sides. Pure functions of the conversation record.
 */
final class DisappearingTimer {
  private DisappearingTimer() {}

  /** The record after the user set the timer to {@code seconds} (a new version, if that is a change). */
  static ConversationRecord set(ConversationRecord conversation, int seconds) {
    if (seconds == conversation.getDisappearAfterSeconds()) {
      return conversation;
    }
    return conversation.toBuilder().setDisappearAfterSeconds(seconds)
        .setDisappearTimerVersion(conversation.getDisappearTimerVersion() + 1).build();
  }

  /** The record after a message arrived that was sent under {@code seconds} at {@code version}. */
  static ConversationRecord received(ConversationRecord conversation, int seconds, int version) {
    int localVersion = conversation.getDisappearTimerVersion();
    boolean adopt = Integer.compareUnsigned(version, localVersion) > 0
        || (version == localVersion && isStricter(seconds, conversation.getDisappearAfterSeconds()));
    return adopt
        ? conversation.toBuilder().setDisappearAfterSeconds(seconds).setDisappearTimerVersion(version).build()
        : conversation;
  }

  /** Whether timer {@code a} keeps messages for less time than {@code b} (zero: kept for ever). */
  private static boolean isStricter(int a, int b) {
    return a != 0 && (b == 0 || a < b);
  }
}
