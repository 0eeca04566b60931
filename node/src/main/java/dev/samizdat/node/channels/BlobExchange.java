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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Content-addressed attachments over {@code /samizdat/blob/1.0.0} ({@link BlobFrames}): serves the
 * blobs this node holds and fetches one from any holder, verified against the post's {@link BlobRef}
 * (size and hash) before it is returned. A blob the user's policy DROPs is neither fetched nor served.
 * The blobs live in a {@link BlobStore}; storing a fetched one is the caller's choice. Thread-safe.
 */
final class BlobExchange {
  static final String PROTOCOL_ID = "/samizdat/blob/1.0.0";
  /**
   * How long one holder gets to send a whole blob: the largest, 16 MiB, at about 4.5 Mbit/s. A holder
   * that is slower, or stalls, is given up, so that the next can be asked while the client that wants
   * the file (the CLI waits 60 seconds) is still waiting.
   */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  /** Fetching a blob failed: not held, refused, or the holder broke the protocol (the message says which). */
  static final class FetchException extends RuntimeException {
    FetchException(String message) {
      super(message);
    }
  }

  private final Host host;
  private final BlobStore store;
  private final Predicate<BlobId> allowed;
  private final Duration fetchTimeout;

  /**
   * @param allowed false for a blob the user's policy drops
   * @param fetchTimeout how long one holder gets to send a whole blob ({@link #FETCH_TIMEOUT})
   */
  BlobExchange(Host host, BlobStore store, Predicate<BlobId> allowed, Duration fetchTimeout) {
    this.host = host;
    this.store = store;
    this.allowed = allowed;
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

  private void serve(Stream stream) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    stream.handler(data -> {
      buffer.writeBytes(data);
      byte[] bytes = buffer.toByteArray();
      try {
        BlobFrames.decodeRequest(bytes, bytes.length).ifPresent(id -> {
          byte[] answer = !allowed.test(id) ? BlobFrames.encodeRefusal(BlobFrames.Status.NOT_SERVED)
              : store.get(id).map(BlobFrames::encodeFound)
                  .orElseGet(() -> BlobFrames.encodeRefusal(BlobFrames.Status.NOT_HELD));
          stream.write(answer);
          stream.closeWrite();
        });
      } catch (CryptoException e) {
        stream.reset(); // the remote broke the protocol
      }
    });
  }
}
