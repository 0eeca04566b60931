package dev.samizdat.node.channels;

/**
 * A channel or blocklist operation was refused or could not be done now; the message says what and why
 * for the user, the refusal which kind it is (the API answers each with its own status).
 */
public final class ChannelException extends RuntimeException {
  public enum Refusal {
    /** The request itself is wrong: a malformed value, or an operation that does not apply to its target. */
    INVALID,
    /** What the request names is not held here, or not shown. */
    NOT_FOUND,
    /** The request is well formed but clashes with what is held: another with that name, not the author. */
    CONFLICT,
    /** The request carries more than the node takes. */
    TOO_LARGE,
    /** The node cannot do it now: shutting down, or no peer has what is needed. Worth trying again. */
    UNAVAILABLE
  }

  private final Refusal refusal;

  ChannelException(Refusal refusal, String message) {
    super(message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }

  static ChannelException invalid(String message) {
    return new ChannelException(Refusal.INVALID, message);
  }

  static ChannelException notFound(String message) {
    return new ChannelException(Refusal.NOT_FOUND, message);
  }

  static ChannelException conflict(String message) {
    return new ChannelException(Refusal.CONFLICT, message);
  }

  static ChannelException tooLarge(String message) {
    return new ChannelException(Refusal.TOO_LARGE, message);
  }

  static ChannelException unavailable(String message) {
    return new ChannelException(Refusal.UNAVAILABLE, message);
  }
}
