package dev.samizdat.libp2p.perf;

import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The libp2p perf protocol (specs: perf/perf.md). The client sends the number of bytes it wants back
 * as a big-endian u64, then uploads any number of bytes and closes its write side; the server counts
 * the upload, then sends the requested bytes and closes its write side.
 */
public final class PerfService implements StreamHandler {
  public static final String PROTOCOL_ID = "/perf/1.0.0";
  /** The request header: bytes to send back, big-endian u64 (perf.md, "Protocol"). */
  public static final int HEADER_LENGTH = 8;
  /** Write size: large enough that per-write overhead vanishes, one yamux window at most. */
  static final int CHUNK = 64 * 1024;
  /** Never written to: every perf write sends slices of these zeros. */
  static final byte[] ZEROS = new byte[CHUNK];

  @Override
  public void handle(Stream stream) {
    byte[] header = new byte[HEADER_LENGTH];
    int[] headerRead = {0};
    stream.handler(data -> {
      if (headerRead[0] < HEADER_LENGTH) {
        int n = Math.min(HEADER_LENGTH - headerRead[0], data.length);
        System.arraycopy(data, 0, header, headerRead[0], n);
        headerRead[0] += n;
      }
    });
    stream.endHandler(() -> {
      if (headerRead[0] < HEADER_LENGTH) {
        stream.reset();
        throw new ProtocolViolationException("perf request ended before its 8-byte header");
      }
      long toSend = readLong(header);
      if (toSend < 0) {
        stream.reset();
        throw new ProtocolViolationException("perf request asks for " + Long.toUnsignedString(toSend) + " bytes");
      }
      send(stream, toSend).thenRun(stream::closeWrite);
    });
  }

  /**
   * Runs one perf request on {@code stream} (negotiated for {@link #PROTOCOL_ID}): uploads
   * {@code upload} bytes, asks for {@code download} back.
   */
  public static CompletableFuture<PerfResult> run(Stream stream, long upload, long download, LongSupplier nanoTime) {
    long start = nanoTime.getAsLong();
    CompletableFuture<PerfResult> result = new CompletableFuture<>();
    long[] received = {0};
    long[] uploadDone = {0};
    stream.handler(data -> received[0] += data.length);
    stream.endHandler(() -> {
      if (received[0] != download) {
        result.completeExceptionally(new ProtocolViolationException(
            "perf server sent " + received[0] + " bytes, asked for " + download));
      } else {
        result.complete(new PerfResult(upload, download, uploadDone[0] - start, nanoTime.getAsLong() - start));
      }
      stream.close();
    });
    stream.resetHandler(result::completeExceptionally);
    byte[] header = new byte[HEADER_LENGTH];
    writeLong(header, download);
    stream.write(header);
    send(stream, upload).thenCompose(v -> {
      uploadDone[0] = nanoTime.getAsLong();
      return stream.closeWrite();
    }).exceptionally(e -> {
      result.completeExceptionally(e);
      return null;
    });
    return result;
  }

  /** Writes {@code total} zero bytes, waiting for the drain callback whenever the queue is full. */
  static CompletableFuture<Void> send(Stream stream, long total) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    new Object() {
      long remaining = total;

      void pump() {
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        while (remaining > 0 && !stream.writeQueueFull()) {
          int n = (int) Math.min(CHUNK, remaining);
          last = stream.write(n == CHUNK ? ZEROS : new byte[n]);
          remaining -= n;
        }
        if (remaining == 0) {
          last.whenComplete((v, e) -> {
            if (e != null) {
              done.completeExceptionally(e);
            } else {
              done.complete(null);
            }
          });
        } else {
          last.exceptionally(e -> {
            done.completeExceptionally(e);
            return null;
          });
          stream.drainHandler(this::pump);
        }
      }
    }.pump();
    return done;
  }

  static long readLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < HEADER_LENGTH; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  static void writeLong(byte[] b, long v) {
    for (int i = HEADER_LENGTH - 1; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
  }
}
