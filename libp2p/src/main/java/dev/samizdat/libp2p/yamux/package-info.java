/**
 * Yamux ({@code /yamux/1.0.0}) stream multiplexing, without I/O.
 *
 * <p>{@link dev.samizdat.libp2p.yamux.YamuxFrameDecoder} and {@link dev.samizdat.libp2p.yamux.YamuxFrameEncoder} are
 * the pure wire codec. {@link dev.samizdat.libp2p.yamux.YamuxSession} is the per-connection state machine: the
 * transport adapter feeds it the decrypted bytes of the connection with {@code receive}, writes whatever it puts into
 * its {@link dev.samizdat.libp2p.yamux.FrameSink}, and calls {@code transportClosed()} when the connection goes away.
 * Everything runs on the connection's single thread (its event loop); nothing here blocks, spawns threads or reads
 * the clock except through the injected {@link java.time.Clock}.
 *
 * <p>Backpressure runs both ways: inbound, the remote may only send what the application has
 * {@linkplain dev.samizdat.libp2p.yamux.YamuxStream#consumed(int) consumed}; outbound, a stream stops being
 * {@linkplain dev.samizdat.libp2p.yamux.YamuxStream#isWritable() writable} when the peer's window is exhausted and
 * its send queue fills, and reports {@code onWritable} when it drains.
 */
package dev.samizdat.libp2p.yamux;
