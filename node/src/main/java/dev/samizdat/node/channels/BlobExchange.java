package dev.samizdat.node.channels;

import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed attachments over {@code /samizdat/blob/1.0.0} ({@link BlobFrames}): serves the
 * blobs this node holds and fetches one from any holder, verified against the post's {@link BlobRef}
 * (size and hash) before it is returned. A blob the user's policy DROPs is neither fetched nor served.
 * The blobs live in a {@link BlobStore}; storing a fetched one is the caller's choice. Serving is
 * bounded: see {@link #serve}. Thread-safe.
 */
final class BlobExchange {
  static final String PROTOCOL_ID = "/samizdat/blob/1.0.0";
  /**
   * How long one holder gets to send a whole blob: the largest, 16 MiB, at about 4.5 Mbit/s. A holder
   * that is slower, or stalls, is given up, so that the next can be asked while the client that wants
   * the file (the CLI waits 60 seconds) is still waiting.
   */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Serves under way at once, to all peers: each holds its blob in memory until the reader has taken
   * it, so at most 8 × 16 MiB however many streams are opened. More are answered BUSY.
   */
  static final int MAX_SERVES = 8;
  /** Serves under way at once to one peer, so that one peer cannot take every slot. */
  static final int MAX_SERVES_PER_PEER = 2;
  /** The answer is written in slices of this size, each only while the stream's write queue has room. */
  static final int SLICE_BYTES = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(BlobExchange.class);

  /** Fetching a blob failed: not held, refused, or the holder broke the protocol (the message says which). */
  static final class FetchException extends RuntimeException {
    FetchException(String message) {
      super(message);
    }
  }

  private final Host host;
  private final BlobStore store;
  private final Predicate<BlobId> allowed;
  private final Executor worker;
  private final Duration fetchTimeout;
  private final Slots serving = new Slots();

  /**
   * @param allowed false for a blob the user's policy drops; called on {@code worker}
   * @param worker where a served blob is looked up and read, off the connections' event loops
   * @param fetchTimeout how long one holder gets to send a whole blob ({@link #FETCH_TIMEOUT}), and so
   *     how long this node spends serving one before it gives the reader up
   */
  BlobExchange(Host host, BlobStore store, Predicate<BlobId> allowed, Executor worker, Duration fetchTimeout) {
    this.host = host;
    this.store = store;
    this.allowed = allowed;
    this.worker = worker;
    this.fetchTimeout = fetchTimeout;
  }

  void start() {
    host.setHandler(PROTOCOL_ID, this::serve);
  }

  void stop() {
    host.removeHandler(PROTOCOL_ID);
  }

  /**
   * Fetches {@code ref} from {@code holder} and verifies it; held blobs are answered at once. Fails
   * with {@link FetchException} when the holder refuses, ends or resets the stream early, or has not
   * sent the whole blob within the fetch timeout (the stream is then reset).
   */
  CompletableFuture<Blob> fetch(PeerId holder, BlobRef ref) {
    if (!allowed.test(ref.id())) {
      return CompletableFuture.failedFuture(new FetchException("blob " + ref.id() + " is dropped by your policy"));
    }
    Optional<byte[]> held = store.get(ref.id());
    if (held.isPresent()) {
      return CompletableFuture.completedFuture(Blob.verify(ref, held.get()));
    }
    return host.newStream(holder, List.of(PROTOCOL_ID)).thenCompose(stream -> {
      CompletableFuture<Blob> result = new CompletableFuture<>();
      BlobFrames.AnswerDecoder answer = new BlobFrames.AnswerDecoder(ref.size());
      stream.handler(data -> {
        if (result.isDone()) {
          return;
        }
        try {
          answer.feed(data).ifPresent(whole -> {
            if (whole.status() != BlobFrames.Status.FOUND) {
              throw new FetchException(holder + " answered " + whole.status() + " for blob " + ref.id());
            }
            result.complete(Blob.verify(ref, whole.content()));
            stream.close();
          });
        } catch (CryptoException | FetchException e) {
          result.completeExceptionally(e);
          stream.reset();
        }
      });
      stream.endHandler(() -> result.completeExceptionally(
          new FetchException(holder + " ended the stream before the whole blob " + ref.id())));
      stream.resetHandler(e -> result.completeExceptionally(
          new FetchException(holder + " reset the stream before the whole blob " + ref.id() + ": " + e.getMessage())));
      stream.write(BlobFrames.encodeRequest(ref.id()));
      stream.closeWrite();
      // An open stream keeps the connection's idle timer from firing: nothing else ends a holder that stalls.
      return result.orTimeout(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
        if (!(e instanceof TimeoutException)) {
          return CompletableFuture.failedFuture(e);
        }
        stream.reset();
        return CompletableFuture.failedFuture(new FetchException(holder + " did not send the whole blob " + ref.id()
            + " within " + fetchTimeout.toSeconds() + " s"));
      });
    });
  }

  /**
   * Answers one request. The request is read here, on the connection's event loop; the policy check
   * and the read (up to {@link Blob#MAX_SIZE}, decrypted) run on the worker; the answer goes out a
   * slice at a time, each written only while the stream's write queue has room, so a reader that
   * reads slowly, or not at all, holds at most the blob and a queue's worth of bytes. A request over
   * the caps is answered {@link BlobFrames.Status#BUSY}. A serve ends when the answer is sent, the
   * stream dies, or the fetch timeout passes (the stream is then reset): its slot is freed then.
   */
  void serve(Stream stream) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean[] requested = {false};
    stream.handler(data -> {
      if (requested[0]) {
        if (data.length > 0) {
          stream.reset(); // one request per stream: the remote broke the protocol
        }
        return;
      }
      buffer.writeBytes(data);
      byte[] bytes = buffer.toByteArray();
      Optional<BlobId> request;
      try {
        request = BlobFrames.decodeRequest(bytes, bytes.length);
      } catch (CryptoException e) {
        stream.reset(); // the remote broke the protocol
        return;
      }
      request.ifPresent(id -> {
        requested[0] = true;
        PeerId peer = stream.remotePeer();
        if (!serving.tryAcquire(peer)) {
          stream.write(BlobFrames.encodeRefusal(BlobFrames.Status.BUSY));
          stream.closeWrite();
          return;
        }
        CompletableFuture<Void> served = new CompletableFuture<>();
        served.orTimeout(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
          serving.release(peer);
          if (failure != null) {
            stream.reset(); // too slow a reader, or the stream broke: its slot goes to the next
          }
        });
        stream.closed().whenComplete((ok, failure) -> served.complete(null)); // a stream gone ends the serve
        try {
          worker.execute(() -> answer(stream, id, served));
        } catch (RejectedExecutionException stopping) {
          served.completeExceptionally(stopping);
        }
      });
    });
  }

  /** Worker: looks the blob up, then writes the answer. */
  private void answer(Stream stream, BlobId id, CompletableFuture<Void> served) {
    if (served.isDone()) {
      return; // the stream died, or the serve timed out, while the lookup waited its turn
    }
    byte[] blob;
    try {
      if (!allowed.test(id)) {
        finish(stream, BlobFrames.encodeRefusal(BlobFrames.Status.NOT_SERVED), served);
        return;
      }
      Optional<byte[]> held = store.get(id);
      if (held.isEmpty()) {
        finish(stream, BlobFrames.encodeRefusal(BlobFrames.Status.NOT_HELD), served);
        return;
      }
      blob = held.get();
    } catch (RuntimeException e) {
      LOG.warn("cannot serve blob {} to {}: {}", id, stream.remotePeer(), e.toString());
      served.completeExceptionally(e);
      return;
    }
    stream.write(BlobFrames.encodeFoundHeader(blob.length));
    new Object() {
      int sent;

      void pump() {
        while (sent < blob.length && !stream.writeQueueFull() && !served.isDone()) {
          int end = Math.min(blob.length, sent + SLICE_BYTES);
          stream.write(Arrays.copyOfRange(blob, sent, end));
          sent = end;
        }
        if (served.isDone()) {
          return;
        }
        if (sent < blob.length) {
          stream.drainHandler(this::pump);
        } else {
          stream.closeWrite().whenComplete((ok, failure) -> complete(served, failure));
        }
      }
    }.pump();
  }

  private static void finish(Stream stream, byte[] refusal, CompletableFuture<Void> served) {
    stream.write(refusal);
    stream.closeWrite().whenComplete((ok, failure) -> complete(served, failure));
  }

  private static void complete(CompletableFuture<Void> served, Throwable failure) {
    if (failure == null) {
      served.complete(null);
    } else {
      served.completeExceptionally(failure);
    }
  }

  /**
   * The serves under way, per peer and in all. Each holds its blob (up to {@link Blob#MAX_SIZE}) in
   * memory until the reader has taken it, so the caps bound that memory; a peer's cap keeps one peer
   * from taking every slot.
   */
  private static final class Slots {
    private final Map<PeerId, Integer> perPeer = new HashMap<>();
    private int total;

    synchronized boolean tryAcquire(PeerId peer) {
      int peers = perPeer.getOrDefault(peer, 0);
      if (total >= MAX_SERVES || peers >= MAX_SERVES_PER_PEER) {
        return false;
      }
      perPeer.put(peer, peers + 1);
      total++;
      return true;
    }

    synchronized void release(PeerId peer) {
      perPeer.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
      total--;
    }
  }
}
