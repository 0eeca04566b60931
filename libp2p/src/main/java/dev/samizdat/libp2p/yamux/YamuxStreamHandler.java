package dev.samizdat.libp2p.yamux;

/**
 * Receives the events of one stream. Called on the session's thread, from inside {@link YamuxSession#receive} (or,
 * for {@link #onWritable}, from whatever session call freed window). A handler may call any method of its stream or
 * session from these callbacks. Callbacks must not throw: a runtime exception propagates out of the session call
 * that fired it, and the owner should then close the session.
 */
public interface YamuxStreamHandler {
  /**
   * Bytes from the remote, in order. The array belongs to the handler. The remote's window shrinks by its length
   * until the application calls {@link YamuxStream#consumed(int)}: not calling it is how a slow reader applies
   * backpressure.
   */
  void onData(YamuxStream stream, byte[] data);

  /** The remote half-closed (FIN): no more data will arrive. Our direction stays open until we close it. */
  void onRemoteClose(YamuxStream stream);

  /**
   * The stream ended abnormally: the remote reset it (RST, also how a remote refuses a stream we opened), or the
   * session ended while the stream was open. Not called for our own {@link YamuxStream#reset()}.
   */
  void onReset(YamuxStream stream);

  /**
   * The send queue drained below the high-water mark after {@link YamuxStream#isWritable()} had turned false, or
   * the peer granted window after {@link YamuxStream#notifyWhenWindowOpens()}.
   */
  default void onWritable(YamuxStream stream) {}

  /** Both directions closed gracefully and the session has freed the stream. */
  default void onClosed(YamuxStream stream) {}
}
