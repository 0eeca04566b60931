package dev.samizdat.node.messaging;

import dev.samizdat.libp2p.PeerId;
import java.time.Instant;
import java.util.Optional;

/** Which incoming messages {@link Messaging#inbox} lists, newest first: at most {@code limit}. */
public record InboxFilter(Optional<PeerId> from, Optional<Instant> since, int limit) {
  public static final int MAX_LIMIT = 1000;

  public InboxFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new MessagingException("an inbox limit is 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  public static InboxFilter all() {
    return new InboxFilter(Optional.empty(), Optional.empty(), 100);
  }

  public InboxFilter from(PeerId peer) {
    return new InboxFilter(Optional.of(peer), since, limit);
  }

  public InboxFilter since(Instant time) {
    return new InboxFilter(from, Optional.of(time), limit);
  }

  public InboxFilter limit(int value) {
    return new InboxFilter(from, since, value);
  }
}
