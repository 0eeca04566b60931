package dev.samizdat.node.messaging;

import java.time.Duration;

/**
 * A change the user made to a contact, as every open client is told of it. {@code contact} is the
 * contact after the change, or as it was for {@link Kind#REMOVED}; {@code disappearingTimer} is the
 * timer of the chat with them, which clients show with the contact (a listener may not ask for it).
 */
public record ContactChange(Kind kind, Contact contact, Duration disappearingTimer) {
  public enum Kind {
    /** The peer was no contact, named or unnamed, before. */
    ADDED,
    /** A contact's name was given, changed or cleared. */
    RENAMED,
    VERIFIED,
    UNVERIFIED,
    /**
     * The name and verified mark were forgotten (an unnamed contact with a chat stays listed), or an
     * unnamed contact left the list with the last message of its chat.
     */
    REMOVED
  }
}
