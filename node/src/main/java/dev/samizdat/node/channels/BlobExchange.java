package dev.samizdat.node.channels;

import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Content-addressed attachments over {@code /samizdat/blob/1.0.0} ({@link BlobFrames}): serves the
 * blobs this node holds and fetches one from any holder, verified against the post's {@link BlobRef}
 * (size and hash) before it is returned. A blob the user's policy DROPs is neither fetched nor served.
 * The blobs live in a {@link BlobStore}; storing a fetched one is the caller's choice. Thread-safe.
 */
final class BlobExchange {
  static final String PROTOCOL_ID = "/samizdat/blob/1.0.0";

  /** Fetching a blob failed: not held, refused, or the holder broke the protocol (the message says which). */
  static final class FetchException extends RuntimeException {
    FetchException(String message) {
      super(message);
    }
  }

  private final Host host;
  private final BlobStore store;
  private final Predicate<BlobId> allowed;

  /** @param allowed false for a blob the user's policy drops */
  BlobExchange(Host host, BlobStore store, Predicate<BlobId> allowed) {
    this.host = host;
    this.store = store;
    this.allowed = allowed;
  }

  void start() {
    host.setHandler(PROTOCOL_ID, this::serve);
  }

  void stop() {
    host.removeHandler(PROTOCOL_ID);
  }

  /** Fetches {@code ref} from {@code holder} and verifies it; held blobs are answered at once. */
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
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      stream.handler(data -> {
        if (result.isDone()) {
          return;
        }
        buffer.writeBytes(data);
        byte[] bytes = buffer.toByteArray();
        try {
          Optional<Integer> size = BlobFrames.announcedSize(bytes, bytes.length);
          if (size.isPresent() && size.get() > ref.size()) {
            throw new FetchException(holder + " offers " + size.get() + " bytes for a blob of " + ref.size());
          }
          BlobFrames.decodeAnswer(bytes, bytes.length).ifPresent(answer -> {
            if (answer.status() != BlobFrames.Status.FOUND) {
              throw new FetchException(holder + " answered " + answer.status() + " for blob " + ref.id());
            }
            result.complete(Blob.verify(ref, answer.content()));
            stream.close();
          });
        } catch (CryptoException | FetchException e) {
          result.completeExceptionally(e);
          stream.reset();
        }
      });
      stream.endHandler(() -> result.completeExceptionally(
          new FetchException(holder + " ended the stream before the whole blob " + ref.id())));
      stream.write(BlobFrames.encodeRequest(ref.id()));
      stream.closeWrite();
      return result;
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
