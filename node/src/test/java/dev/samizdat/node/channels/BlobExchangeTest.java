package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two real nodes on loopback exchange an attachment, verified on receipt and refused when dropped. */
@Timeout(60)
class BlobExchangeTest {
  @TempDir Path dir;

  @Test
  void aBlobIsFetchedAndVerifiedUnlessThePolicyDropsIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode holder = new TestNode(dir.resolve("holder"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      BlobStore served = holder.service.store.blobs();
      BlobExchange fetching = reader.service.blobs;
      reader.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());

      Blob photo = Blob.of("not really a photo".getBytes(StandardCharsets.UTF_8));
      served.put(photo);
      BlobRef ref = photo.ref("image/jpeg", "photo.jpg");
      Blob fetched = fetching.fetch(holder.peerId(), ref).get(20, TimeUnit.SECONDS);
      assertThat(fetched.content()).isEqualTo(photo.content());
      assertThat(reader.service.store.blobs().get(photo.id())).isEmpty(); // kept only where a post names it

      // a holder whose bytes do not hash to the id asked for: refused, nothing stored
      Blob forged = Blob.of("the real content".getBytes(StandardCharsets.UTF_8));
      holder.db.batch().put(dev.samizdat.node.store.Table.FEED_META, BlobStore.contentKey(forged.id()),
          "the fake content".getBytes(StandardCharsets.UTF_8)).commit(true);
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), forged.ref("text/plain", "")).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(dev.samizdat.crypto.AuthenticationException.class);

      // a holder whose bytes are not the size the post announced: refused
      Blob other = Blob.of("other bytes, same length".getBytes(StandardCharsets.UTF_8));
      served.put(other);
      BlobRef lying = new BlobRef(other.id(), other.size() + 1, "image/jpeg", "x.jpg");
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), lying).get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);

      // not held: answered, not hung
      BlobRef missing = Blob.of(new byte[] {1, 2, 3}).ref("application/octet-stream", "");
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), missing).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BlobExchange.FetchException.class).hasMessageContaining("NOT_HELD");

      // the holder's own drop: it deletes the blob and does not serve it
      holder.service.moderation().setUserRule(blob(other.id()), Optional.of(Action.DROP)).get(10, TimeUnit.SECONDS);
      assertThat(served.get(other.id())).isEmpty();
      BlobRef otherRef = other.ref("image/jpeg", "x.jpg");
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), otherRef).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BlobExchange.FetchException.class).hasMessageContaining("NOT_SERVED");

      // the reader's own drop: it does not even ask
      Blob third = Blob.of("third".getBytes(StandardCharsets.UTF_8));
      served.put(third);
      reader.service.moderation().setUserRule(blob(third.id()), Optional.of(Action.DROP)).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), third.ref("text/plain", "")).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BlobExchange.FetchException.class).hasMessageContaining("dropped by your policy");
    }
  }

  @Test
  void aLargeBlobArrivesWholeAndIsStillCheckedAgainstItsHash() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode holder = new TestNode(dir.resolve("holder"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      reader.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());
      Random random = new Random(7);
      byte[] content = new byte[Blob.MAX_SIZE];
      random.nextBytes(content);
      Blob large = Blob.of(content);
      holder.service.store.blobs().put(large);
      Blob fetched = reader.service.blobs.fetch(holder.peerId(), large.ref("video/mp4", "talk.mp4"))
          .get(40, TimeUnit.SECONDS);
      assertThat(fetched.content()).isEqualTo(content);

      // as large, but the bytes served under its id are others of the same size
      byte[] real = new byte[Blob.MAX_SIZE];
      random.nextBytes(real);
      Blob forged = Blob.of(real);
      holder.db.batch().put(dev.samizdat.node.store.Table.FEED_META, BlobStore.contentKey(forged.id()), content)
          .commit(true);
      assertThatThrownBy(() -> reader.service.blobs.fetch(holder.peerId(), forged.ref("video/mp4", ""))
          .get(40, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.samizdat.crypto.AuthenticationException.class);
    }
  }

  @Test
  void aHolderThatAnnouncesABlobAndStallsIsGivenUpWithinTheTimeout() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode holder = new TestNode(dir.resolve("holder"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      reader.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());
      Blob wanted = Blob.of("a file the holder says it has".getBytes(StandardCharsets.UTF_8));
      byte[] header = Arrays.copyOf(BlobFrames.encodeFound(wanted.content()), BlobFrames.ANSWER_HEADER_LENGTH);
      CompletableFuture<Throwable> holderSawReset = new CompletableFuture<>();
      holder.host.setHandler(BlobExchange.PROTOCOL_ID, stream -> {
        stream.resetHandler(holderSawReset::complete);
        stream.handler(request -> stream.write(header)); // the size, then nothing more, and no FIN
      });
      Duration timeout = Duration.ofSeconds(1);
      BlobExchange fetching = new BlobExchange(reader.host, reader.service.store.blobs(), id -> true, timeout);

      long started = System.nanoTime();
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), wanted.ref("text/plain", "")).get(20, TimeUnit.SECONDS))
          .cause().isInstanceOf(BlobExchange.FetchException.class)
          .hasMessageContaining("did not send the whole blob " + wanted.id() + " within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(timeout, Duration.ofSeconds(10));
      assertThat(holderSawReset.get(10, TimeUnit.SECONDS)).as("the stream is reset, not left open").isNotNull();
    }
  }

  private static Target blob(BlobId id) {
    return new Target(Target.Kind.BLOB, id.toBytes());
  }
}
