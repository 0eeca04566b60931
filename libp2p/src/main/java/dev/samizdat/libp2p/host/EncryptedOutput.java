package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.noise.NoiseTransport;
import dev.samizdat.libp2p.yamux.FrameSink;
import dev.samizdat.libp2p.yamux.YamuxFrame;
import dev.samizdat.libp2p.yamux.YamuxFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The outbound half of an upgraded connection: collects yamux frames as plaintext and seals them
 * into Noise messages, handed to the socket as one buffer per batch.
 *
 * <p>Both the plaintext and the sealed bytes live in pooled direct buffers: DATA payloads are copied
 * once, from the writer's array into the plaintext batch; the cipher reads and writes native memory;
 * and the socket sends the sealed buffer as it is (a heap buffer would be copied into a temporary
 * direct one on every write). Frames may straddle batches: Noise carries a byte stream, so every
 * Noise message but the last of a flush is full.
 *
 * <p>Not thread-safe: the connection's event loop only. {@link #flush()} releases the plaintext
 * buffer, so an idle connection holds no direct memory.
 */
final class EncryptedOutput implements FrameSink {
  /** Plaintext collected before sealing: four full Noise messages, one socket write. */
  static final int BATCH = 4 * 65_519;

  private final NoiseTransport transport;
  private final ByteBufAllocator allocator;
  private final Consumer<ByteBuf> socket;
  private final ByteBuffer header = ByteBuffer.allocate(YamuxFrame.HEADER_LENGTH);
  private ByteBuf plaintext;
  private ByteBuffer batch;

  /** @param socket takes each sealed buffer, and with it the duty to release it */
  EncryptedOutput(NoiseTransport transport, ByteBufAllocator allocator, Consumer<ByteBuf> socket) {
    this.transport = transport;
    this.allocator = allocator;
    this.socket = socket;
  }

  @Override
  public void write(byte[] frame) {
    put(frame, 0, frame.length);
  }

  @Override
  public void writeData(int streamId, int flags, byte[] src, int off, int len) {
    header.clear();
    YamuxFrameEncoder.putDataHeader(header, streamId, flags, len);
    put(header.array(), 0, YamuxFrame.HEADER_LENGTH);
    put(src, off, len);
  }

  private void put(byte[] src, int off, int len) {
    while (len > 0) {
      if (batch == null) {
        plaintext = allocator.directBuffer(BATCH, BATCH);
        batch = plaintext.nioBuffer(0, BATCH);
      }
      int n = Math.min(len, batch.remaining());
      batch.put(src, off, n);
      off += n;
      len -= n;
      if (!batch.hasRemaining()) {
        seal();
      }
    }
  }

  /** Seals and sends what has been collected, and gives the plaintext buffer back to the pool. */
  void flush() {
    if (batch != null && batch.position() > 0) {
      seal();
    }
    release();
  }

  /** Drops what has not been sent; for a connection that is closing. */
  void release() {
    if (plaintext != null) {
      plaintext.release();
      plaintext = null;
      batch = null;
    }
  }

  private void seal() {
    batch.flip();
    int length = NoiseTransport.encryptedLength(batch.remaining());
    ByteBuf sealed = allocator.directBuffer(length, length);
    try {
      int written = transport.encrypt(batch, sealed.nioBuffer(0, length));
      sealed.writerIndex(written);
    } catch (RuntimeException e) {
      sealed.release();
      throw e;
    } finally {
      batch.clear();
    }
    socket.accept(sealed);
  }
}
