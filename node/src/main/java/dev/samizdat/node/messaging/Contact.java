package dev.samizdat.node.messaging;

import dev.samizdat.libp2p.PeerId;
import java.time.Instant;

/**
 * Someone this node talks to. {@code verified} is set by the user after comparing the safety number;
 * {@code displayName} is the user's own name for them (empty for a stranger who wrote first).
 */
public record Contact(PeerId peer, String displayName, boolean verified, Instant addedAt) {
  /** Named or verified: someone the user chose, not only someone whose message was taken once. */
  public boolean chosenByUser() {
    return !displayName.isEmpty() || verified;
  }
}
