package dev.samizdat.node.messaging;

/** What {@link Messaging#removeContact} came to. */
public sealed interface ContactRemoval {
  /**
   * The name and the verified mark are forgotten. {@code was} is the contact as it was; with
   * {@code chatKept}, messages with them are still on this node, which keep them in the list, unnamed.
   */
  record Removed(Contact was, boolean chatKept) implements ContactRemoval {}

  /** The peer is not a contact: nothing changed. */
  record NotAContact() implements ContactRemoval {}

  /**
   * Neither named nor verified, and listed only because messages with them are on this node: there is
   * nothing to forget, and they stay listed until that chat is deleted. Nothing changed.
   */
  record OnlyAChat() implements ContactRemoval {}
}
