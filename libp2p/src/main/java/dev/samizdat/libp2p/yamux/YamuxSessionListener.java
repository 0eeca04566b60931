package dev.samizdat.libp2p.yamux;

import dev.samizdat.libp2p.Libp2pException;

/** Session-level events of a {@link YamuxSession}, called on the session's thread; must not throw. */
public interface YamuxSessionListener {
  /**
   * The remote opened a stream. Return the handler for its events, or null to refuse it (it is reset). Data that
   * came with the SYN is delivered to the returned handler right after this returns. The stream is acknowledged
   * with the first frame we send on it (libp2p yamux spec, "ACK backlog": no implicit acknowledgement).
   */
  YamuxStreamHandler onInboundStream(YamuxStream stream);

  /**
   * The remote sent GO_AWAY with the normal code: it will accept no new streams from us; existing streams go on.
   * (A GO_AWAY with an error code ends the session instead, see {@link #onClosed}.)
   */
  default void onGoAway(long code) {}

  /**
   * The session ended and every open stream has been reset. {@code cause} is null after a local
   * {@link YamuxSession#close()} or {@link YamuxSession#transportClosed()}, a
   * {@link dev.samizdat.libp2p.ProtocolViolationException} when the remote broke the protocol (we sent GO_AWAY
   * protocol error), or a {@link Libp2pException} when the remote ended the session with an error code.
   */
  void onClosed(Libp2pException cause);
}
