package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Pull-style reads on a {@link Stream} for request/response protocols: one read at a time, each a
 * future. The reader takes over the stream's data, end and reset handlers, and keeps the stream
 * paused while no read is outstanding, so unread data is not acknowledged and the remote is
 * throttled. Thread-safe.
 */
public final class StreamReader {
  private final Stream stream;
  private byte[] buffer = new byte[256];
  private int start;
  private int end;
  private boolean ended;
  private Throwable failure;
  private Read pending;

  private sealed interface Read permits Delimited, ToEnd, Exactly {}

  private record Delimited(int maxSize, CompletableFuture<byte[]> result) implements Read {}

  private record ToEnd(int maxSize, CompletableFuture<byte[]> result) implements Read {}

  private record Exactly(int length, CompletableFuture<byte[]> result) implements Read {}

  public StreamReader(Stream stream) {
    this.stream = stream;
    stream.pause();
    stream.handler(this::onData);
    stream.endHandler(this::onEnd);
    stream.resetHandler(this::onReset);
  }

  public Stream stream() {
    return stream;
  }

  /**
   * Reads one unsigned-varint-length-prefixed message. Completes with null if the remote closed its
   * side cleanly before the first byte of a message; fails with {@link ProtocolViolationException}
   * when the length exceeds {@code maxSize}, the varint is malformed, or the stream ends mid-message.
   */
  public CompletableFuture<byte[]> readDelimited(int maxSize) {
    return submit(new Delimited(maxSize, new CompletableFuture<>()));
  }

  /** Reads until the remote's FIN; fails with {@link ProtocolViolationException} beyond {@code maxSize}. */
  public CompletableFuture<byte[]> readToEnd(int maxSize) {
    return submit(new ToEnd(maxSize, new CompletableFuture<>()));
  }

  /** Reads exactly {@code length} bytes; fails if the stream ends first. */
  public CompletableFuture<byte[]> readExactly(int length) {
    return submit(new Exactly(length, new CompletableFuture<>()));
  }

  private CompletableFuture<byte[]> submit(Read read) {
    CompletableFuture<byte[]> result = result(read);
    synchronized (this) {
      if (pending != null) {
        result.completeExceptionally(new IllegalStateException("a read is already outstanding"));
        return result;
      }
      pending = read;
    }
    drive();
    return result;
  }

  private void onData(byte[] data) {
    synchronized (this) {
      append(data);
    }
    drive();
  }

  private void onEnd() {
    synchronized (this) {
      ended = true;
    }
    drive();
  }

  private void onReset(Throwable cause) {
    synchronized (this) {
      failure = cause;
    }
    drive();
  }

  /**
   * Completes reads while the buffer allows, outside the lock (a completion may start the next
   * read), then lets data flow only while a read is outstanding.
   */
  private void drive() {
    while (true) {
      Runnable completion;
      boolean wantData;
      synchronized (this) {
        completion = tryComplete();
        wantData = pending != null;
      }
      if (completion != null) {
        completion.run();
        continue;
      }
      if (wantData) {
        stream.resume();
      } else {
        stream.pause();
      }
      return;
    }
  }

  /** The completion of the pending read if it can complete now, else null. Caller holds the lock. */
  private Runnable tryComplete() {
    if (pending == null) {
      return null;
    }
    Read read = pending;
    CompletableFuture<byte[]> result = result(read);
    try {
      byte[] value = attempt(read);
      if (value == null && !(read instanceof Delimited && ended && end == start)) {
        if (failure != null) {
          throw new Libp2pException("stream reset: " + failure.getMessage(), failure);
        }
        if (ended) {
          throw new ProtocolViolationException("stream ended in the middle of a message");
        }
        return null;
      }
      pending = null;
      return () -> result.complete(value);
    } catch (ProtocolViolationException e) {
      pending = null;
      return () -> {
        stream.reset();
        result.completeExceptionally(e);
      };
    } catch (RuntimeException e) {
      pending = null;
      return () -> result.completeExceptionally(e);
    }
  }

  /** The value the read can produce from the buffer now, or null if it needs more. */
  private byte[] attempt(Read read) {
    if (read instanceof Delimited d) {
      return attemptDelimited(d.maxSize());
    }
    if (read instanceof ToEnd t) {
      if (end - start > t.maxSize()) {
        throw new ProtocolViolationException("message longer than " + t.maxSize() + " bytes");
      }
      return ended ? take(end - start) : null;
    }
    Exactly x = (Exactly) read;
    return end - start >= x.length() ? take(x.length()) : null;
  }

  private byte[] attemptDelimited(int maxSize) {
    ByteBuffer view = ByteBuffer.wrap(buffer, start, end - start);
    long length = Varint.read(view);
    if (length < 0) {
      return null;
    }
    if (length > maxSize) {
      throw new ProtocolViolationException("message of " + length + " bytes exceeds the limit of " + maxSize);
    }
    int header = view.position() - start;
    if (end - start - header < length) {
      return null;
    }
    start += header;
    return take((int) length);
  }

  private byte[] take(int length) {
    byte[] out = Arrays.copyOfRange(buffer, start, start + length);
    start += length;
    return out;
  }

  private void append(byte[] data) {
    if (buffer.length - end < data.length) {
      int live = end - start;
      if (buffer.length < live + data.length) {
        buffer = Arrays.copyOfRange(buffer, start, start + Math.max(live + data.length, buffer.length * 2));
      } else {
        System.arraycopy(buffer, start, buffer, 0, live);
      }
      start = 0;
      end = live;
    }
    System.arraycopy(data, 0, buffer, end, data.length);
    end += data.length;
  }

  private static CompletableFuture<byte[]> result(Read read) {
    if (read instanceof Delimited d) {
      return d.result();
    }
    if (read instanceof ToEnd t) {
      return t.result();
    }
    return ((Exactly) read).result();
  }
}
