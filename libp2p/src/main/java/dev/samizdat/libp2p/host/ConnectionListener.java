package dev.samizdat.libp2p.host;

/**
 * Hears connections come and go. Called on the connection's context; must not block or throw.
 */
public interface ConnectionListener {

  /** The connection is upgraded and ready for streams (identify may still be running). */
  default void opened(Connection connection) {}

  /** The connection is gone; {@code cause} is null after a clean local or remote close. */
  default void closed(Connection connection, Throwable cause) {}
}
