package dev.samizdat.libp2p.yamux;

/**
 * Where a {@link YamuxSession} puts the bytes it wants sent to the remote, in order.
 *
 * <p>Called on the session's thread. Each array is one whole encoded frame and belongs to the sink from the call on.
 * The sink must not call back into the session synchronously (queue the bytes, e.g. with a Netty write); it must not
 * block for long, since the session's owner thread is usually an event loop.
 */
@FunctionalInterface
public interface FrameSink {
  void write(byte[] frame);

  /**
   * A DATA frame carrying {@code src[off, off+len)}. The payload is only read during the call, so a sink that
   * collects its output can copy it once, straight to where it will be encrypted, instead of receiving a new
   * array per frame.
   */
  default void writeData(int streamId, int flags, byte[] src, int off, int len) {
    write(YamuxFrameEncoder.encodeData(streamId, flags, src, off, len));
  }
}
