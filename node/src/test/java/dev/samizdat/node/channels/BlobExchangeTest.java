package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
      BlobExchange fetching = new BlobExchange(reader.host, reader.service.store.blobs(), id -> true, Runnable::run,
          timeout);

      long started = System.nanoTime();
      assertThatThrownBy(() -> fetching.fetch(holder.peerId(), wanted.ref("text/plain", "")).get(20, TimeUnit.SECONDS))
          .cause().isInstanceOf(BlobExchange.FetchException.class)
          .hasMessageContaining("did not send the whole blob " + wanted.id() + " within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(timeout, Duration.ofSeconds(10));
      assertThat(holderSawReset.get(10, TimeUnit.SECONDS)).as("the stream is reset, not left open").isNotNull();
    }
  }

  @Test
  void aPeerThatAsksForALargeBlobOnManyStreamsAndReadsNothingIsRefusedTheExcessWhileOthersAreServed()
      throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode holder = new TestNode(dir.resolve("holder"), dht);
        TestNode greedy = new TestNode(dir.resolve("greedy"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      byte[] content = new byte[Blob.MAX_SIZE];
      new Random(11).nextBytes(content);
      Blob large = Blob.of(content);
      Blob small = Blob.of("a leaflet".getBytes(StandardCharsets.UTF_8));
      holder.service.store.blobs().put(large);
      holder.service.store.blobs().put(small);
      QueuedBytes queued = new QueuedBytes();
      holder.host.setHandler(BlobExchange.PROTOCOL_ID, stream -> holder.service.blobs.serve(queued.watch(stream)));
      greedy.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());
      reader.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());

      // Each stream reads the answer's first bytes, to see whether it was refused, and then nothing more.
      int asked = BlobExchange.MAX_SERVES_PER_PEER + 6;
      List<Stream> stalled = new ArrayList<>();
      List<CompletableFuture<BlobFrames.Status>> answers = new ArrayList<>();
      for (int i = 0; i < asked; i++) {
        Stream stream = greedy.host.newStream(holder.peerId(), List.of(BlobExchange.PROTOCOL_ID))
            .get(10, TimeUnit.SECONDS);
        CompletableFuture<BlobFrames.Status> status = new CompletableFuture<>();
        stream.handler(data -> {
          status.complete(BlobFrames.Status.fromCode(data[0] & 0xff));
          stream.pause();
        });
        stream.write(BlobFrames.encodeRequest(large.id()));
        stream.closeWrite();
        stalled.add(stream);
        answers.add(status);
      }
      List<BlobFrames.Status> statuses = new ArrayList<>();
      for (CompletableFuture<BlobFrames.Status> answer : answers) {
        statuses.add(answer.get(20, TimeUnit.SECONDS));
      }
      assertThat(statuses).filteredOn(BlobFrames.Status.FOUND::equals).hasSize(BlobExchange.MAX_SERVES_PER_PEER);
      assertThat(statuses).filteredOn(BlobFrames.Status.BUSY::equals).hasSize(asked - BlobExchange.MAX_SERVES_PER_PEER);
      assertThatThrownBy(() -> greedy.service.blobs.fetch(holder.peerId(), small.ref("text/plain", ""))
          .get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(BlobExchange.FetchException.class)
          .hasMessageContaining("BUSY");

      // Another peer is served meanwhile, the whole large blob.
      Blob fetched = reader.service.blobs.fetch(holder.peerId(), large.ref("video/mp4", "talk.mp4"))
          .get(40, TimeUnit.SECONDS);
      assertThat(fetched.content()).isEqualTo(content);
      // Each serve, the stalled ones and the reader's, queued at most a write queue's worth (256 KiB) and
      // a slice, never the blob.
      assertThat(queued.peak()).isLessThanOrEqualTo((BlobExchange.MAX_SERVES_PER_PEER + 1) * 512L * 1024);

      // Once the greedy peer gives its streams up, their slots are free again.
      stalled.forEach(Stream::reset);
      ChannelReplicationTest.await(() -> {
        try {
          return greedy.service.blobs.fetch(holder.peerId(), small.ref("text/plain", "")).get(20, TimeUnit.SECONDS)
              .content().length > 0;
        } catch (Exception busy) {
          return false;
        }
      }, Duration.ofSeconds(20), () -> "the greedy peer's slots were not freed");
    }
  }

  @Test
  void aServeTheReaderDoesNotTakeWithinTheTimeoutIsResetAndItsSlotFreed() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode holder = new TestNode(dir.resolve("holder"), dht);
        TestNode greedy = new TestNode(dir.resolve("greedy"), dht)) {
      byte[] content = new byte[Blob.MAX_SIZE];
      new Random(13).nextBytes(content);
      Blob large = Blob.of(content);
      holder.service.store.blobs().put(large);
      BlobExchange serving = new BlobExchange(holder.host, holder.service.store.blobs(), id -> true,
          Runnable::run, Duration.ofSeconds(1));
      serving.start();
      greedy.host.peerStore().addAddresses(holder.peerId(), holder.host.listenAddresses());

      List<CompletableFuture<Throwable>> resets = new ArrayList<>();
      for (int i = 0; i < BlobExchange.MAX_SERVES_PER_PEER; i++) {
        Stream stream = greedy.host.newStream(holder.peerId(), List.of(BlobExchange.PROTOCOL_ID))
            .get(10, TimeUnit.SECONDS);
        CompletableFuture<Throwable> reset = new CompletableFuture<>();
        stream.resetHandler(reset::complete);
        stream.handler(data -> stream.pause());
        stream.write(BlobFrames.encodeRequest(large.id()));
        stream.closeWrite();
        resets.add(reset);
      }
      for (CompletableFuture<Throwable> reset : resets) {
        assertThat(reset.get(10, TimeUnit.SECONDS)).as("the holder gave the stalled reader up").isNotNull();
      }
      Blob small = Blob.of("a leaflet".getBytes(StandardCharsets.UTF_8));
      holder.service.store.blobs().put(small);
      assertThat(greedy.service.blobs.fetch(holder.peerId(), small.ref("text/plain", "")).get(20, TimeUnit.SECONDS)
          .content()).isEqualTo(small.content());
    }
  }

  /** Counts the bytes written to the streams it watches and not yet taken by the muxer: the serves' queues. */
  private static final class QueuedBytes {
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    long peak() {
      return peak.get();
    }

    Stream watch(Stream stream) {
      return new Stream() {
        @Override
        public CompletableFuture<Void> write(byte[] data) {
          peak.accumulateAndGet(now.addAndGet(data.length), Math::max);
          return stream.write(data).whenComplete((ok, failure) -> now.addAndGet(-data.length));
        }

        @Override
        public PeerId remotePeer() {
          return stream.remotePeer();
        }

        @Override
        public String protocol() {
          return stream.protocol();
        }

        @Override
        public Connection connection() {
          return stream.connection();
        }

        @Override
        public Stream handler(Consumer<byte[]> handler) {
          stream.handler(handler);
          return this;
        }

        @Override
        public Stream endHandler(Runnable handler) {
          stream.endHandler(handler);
          return this;
        }

        @Override
        public Stream resetHandler(Consumer<Throwable> handler) {
          stream.resetHandler(handler);
          return this;
        }

        @Override
        public Stream pause() {
          stream.pause();
          return this;
        }

        @Override
        public Stream resume() {
          stream.resume();
          return this;
        }

        @Override
        public boolean writeQueueFull() {
          return stream.writeQueueFull();
        }

        @Override
        public Stream drainHandler(Runnable handler) {
          stream.drainHandler(handler);
          return this;
        }

        @Override
        public CompletableFuture<Void> closeWrite() {
          return stream.closeWrite();
        }

        @Override
        public void reset() {
          stream.reset();
        }

        @Override
        public void close() {
          stream.close();
        }

        @Override
        public CompletableFuture<Void> closed() {
          return stream.closed();
        }
      };
    }
  }

  private static Target blob(BlobId id) {
    return new Target(Target.Kind.BLOB, id.toBytes());
  }
}
