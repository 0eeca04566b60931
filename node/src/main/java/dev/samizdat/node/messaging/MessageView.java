package dev.samizdat.node.messaging;

import dev.samizdat.libp2p.PeerId;
import java.time.Instant;
import java.util.Optional;

/**
 * A message as the user sees it. {@code receivedAt} is when this node stored an incoming message
 * (for an outgoing one, when it was sent); {@code expiresAt} is set for disappearing messages.
 */
public record MessageView(MessageId id, PeerId peer, boolean outgoing, String body, Instant sentAt,
    Instant receivedAt, MessageState state, boolean read, Optional<Instant> expiresAt, Optional<String> failure) {}
