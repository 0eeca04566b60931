package dev.samizdat.node.channels;

import static dev.samizdat.node.channels.ChannelReplicationTest.await;
import static dev.samizdat.node.channels.ChannelReplicationTest.awaitHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.sync.FeedFrames;
import dev.samizdat.channels.sync.FeedMessage;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.libp2p.host.Stream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile peer speaks {@code /samizdat/feed/1.0.0} to a subscriber: forged entries, a broken chain,
 * a replayed old head, an oversized frame and an equivocating entry are refused or kept as proof, and
 * the subscriber goes on serving the honest feed.
 */
@Timeout(90)
class HostileFeedPeerTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  @Test
  void aSubscriberRefusesBadEntriesKeepsForksAsProofAndKeepsServing() throws Exception {
    Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
    FeedId feed = new FeedId(feedKey.publicKey());
    InMemoryFeedStore honestStore = new InMemoryFeedStore();
    FeedLog honest = new FeedLog(honestStore);
    long now = System.currentTimeMillis();
    honest.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "target", "", List.of(), List.of()), now);
    for (int i = 1; i <= 5; i++) {
      honest.append(feed, ContentType.POST, Post.text("honest " + i).encode(), feedKey, now);
    }
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode victim = new TestNode(dir.resolve("victim"), dht);
    TestNode witness = null;
    Host attacker = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
    try {
      victim.service.subscribe(feed).get(20, TimeUnit.SECONDS);
      victim.host.peerStore().addAddresses(attacker.peerId(), List.of());
      attacker.peerStore().addAddresses(victim.peerId(), victim.host.listenAddresses().stream()
          .map(a -> Multiaddr.parse(a.toString().replaceAll("/p2p/.*$", ""))).toList());
      Stream stream = attacker.newStream(victim.peerId(), List.of(FeedSync.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
      stream.handler(ignored -> { });
      push(stream, feed, honestStore.entries(feed, 0, 10));
      awaitHead(victim, feed, 5);

      FeedEntry six = FeedEntry.sign(feed, 6, honestStore.entry(feed, 5).orElseThrow().hash(), now,
          ContentType.POST, Post.text("six").encode(), feedKey);
      byte[] forged = six.encoded();
      forged[forged.length - 1] ^= 1;
      stream.write(FeedFrames.encode(new FeedMessage.Push(feed, List.of(forged))));
      FeedEntry unchained = FeedEntry.sign(feed, 6, new byte[32], now, ContentType.POST,
          Post.text("unchained").encode(), feedKey);
      push(stream, feed, List.of(unchained));
      FeedEntry stranger = FeedEntry.sign(feed, 6, six.previousHash(), now, ContentType.POST,
          Post.text("not an author").encode(), Ed25519PrivateKey.generate(random));
      push(stream, feed, List.of(stranger));
      FeedEntry two = honestStore.entry(feed, 2).orElseThrow();
      stream.write(FeedFrames.encode(FeedMessage.Head.of(two))); // an old head replayed
      Thread.sleep(500);
      assertThat(victim.service.store.headSequence(feed)).isEqualTo(5);
      push(stream, feed, List.of(six)); // the same session still takes a valid entry
      awaitHead(victim, feed, 6);

      FeedEntry conflicting = FeedEntry.sign(feed, 3, two.hash(), now, ContentType.POST,
          Post.text("rewritten history").encode(), feedKey);
      push(stream, feed, List.of(conflicting));
      await(() -> !victim.events.forks.isEmpty(), Duration.ofSeconds(10), () -> "no fork detected");
      assertThat(victim.events.forks).singleElement().satisfies(f -> assertThat(f.sequence()).isEqualTo(3));
      assertThat(victim.service.store.forks(feed)).singleElement().satisfies(proof -> {
        assertThat(proof.kept()).isEqualTo(honestStore.entry(feed, 3).orElseThrow());
        assertThat(proof.conflicting()).isEqualTo(conflicting);
      });
      assertThat(victim.service.store.entry(feed, 3)).contains(honestStore.entry(feed, 3).orElseThrow());

      // an oversized frame: the stream is reset before anything is buffered
      byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0x7F, 4};
      stream.write(huge);
      stream.closed().handle((ok, e) -> null).get(10, TimeUnit.SECONDS);

      // the victim still serves the honest feed, and passes the proof of the fork on
      dht.forNode(victim.peerId(), victim.host::listenAddresses).provide(feed).join();
      witness = new TestNode(dir.resolve("witness"), dht);
      witness.service.subscribe(feed).get(20, TimeUnit.SECONDS);
      awaitHead(witness, feed, 6);
      TestNode w = witness;
      await(() -> !w.service.store.forks(feed).isEmpty(), Duration.ofSeconds(20), () -> "the fork proof was not passed on");
      assertThat(victim.service.read(feed, -1, 10).get(10, TimeUnit.SECONDS).forks()).hasSize(1);
    } finally {
      attacker.close().get(10, TimeUnit.SECONDS);
      if (witness != null) {
        witness.close();
      }
      victim.close();
    }
  }

  @Test
  void aPeerThatAsksWithoutReadingTheAnswersIsNoLongerReadAndOthersAreStillServed() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode victim = new TestNode(dir.resolve("victim"), dht);
    TestNode reader = null;
    Host attacker = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
    try {
      FeedId feed = victim.service.createChannel("served", "").get(10, TimeUnit.SECONDS).id();
      victim.service.post(feed, "a post").get(10, TimeUnit.SECONDS);
      dialable(attacker, victim);
      Stream stream = attacker.newStream(victim.peerId(), List.of(FeedSync.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
      // No handler: the attacker reads nothing. Each request is answered with an (empty) batch.
      byte[] request = FeedFrames.encode(new FeedMessage.Request(feed, 1_000_000, 1));
      int requests = 100_000;
      byte[] flood = new byte[request.length * requests];
      for (int i = 0; i < requests; i++) {
        System.arraycopy(request, 0, flood, i * request.length, request.length);
      }
      CompletableFuture<Void> written = stream.write(flood);

      reader = new TestNode(dir.resolve("reader"), dht);
      reader.service.subscribe(feed).get(20, TimeUnit.SECONDS);
      awaitHead(reader, feed, 1);
      Thread.sleep(2_000);
      assertThat(written).as("the victim stopped reading requests whose answers nobody reads").isNotDone();

      long[] received = new long[1];
      stream.handler(data -> received[0] += data.length);
      written.get(60, TimeUnit.SECONDS); // once the answers are read, so are the requests
    } finally {
      attacker.close().get(10, TimeUnit.SECONDS);
      if (reader != null) {
        reader.close();
      }
      victim.close();
    }
  }

  @Test
  void providersThatNeverAnswerAreGivenUpAndAvoidedSoTheFeedComesFromAnotherPeer() throws Exception {
    ChannelSettings impatient = TestNode.FAST.withRequestTimeout(Duration.ofSeconds(1));
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht, impatient);
    FeedId feed = author.service.createChannel("wanted", "").get(10, TimeUnit.SECONDS).id();
    author.service.post(feed, "news").get(10, TimeUnit.SECONDS);
    FeedDirectory authorRecords = dht.forNode(author.peerId(), author.host::listenAddresses);
    authorRecords.stopProviding(feed); // at first only the silent ones are found
    List<Host> silent = new ArrayList<>();
    TestNode victim = null;
    try {
      for (int i = 0; i < TestNode.FAST.peersPerFeed(); i++) {
        Host host = Host.create(Ed25519PrivateKey.generate(random), HostConfig.defaults(), random);
        host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
        host.setHandler(FeedSync.PROTOCOL_ID, stream -> stream.handler(ignored -> { })); // reads, never answers
        dht.forNode(host.peerId(), host::listenAddresses).provide(feed).join();
        silent.add(host);
      }
      victim = new TestNode(dir.resolve("victim"), dht, impatient);
      CompletableFuture<?> subscribed = victim.service.subscribe(feed);
      TestNode v = victim;
      await(() -> silent.stream().allMatch(h -> v.service.sync.avoids(h.peerId())), Duration.ofSeconds(20),
          () -> "the silent providers were not given up");
      assertThat(silent).noneMatch(h -> v.service.sync.hasSession(h.peerId(), feed));

      authorRecords.provide(feed).join();
      awaitHead(victim, feed, 1);
      subscribed.get(20, TimeUnit.SECONDS);
    } finally {
      for (Host host : silent) {
        host.close().get(10, TimeUnit.SECONDS);
      }
      if (victim != null) {
        victim.close();
      }
      author.close();
    }
  }

  @Test
  void aSessionOpenedForAFeedNoLongerHeldIsClosedAndStoresNothing() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht);
    TestNode other = new TestNode(dir.resolve("other"), dht);
    try {
      FeedId feed = author.service.createChannel("not held there", "").get(10, TimeUnit.SECONDS).id();
      author.service.post(feed, "a post").get(10, TimeUnit.SECONDS);
      other.host.peerStore().addAddresses(author.peerId(), author.host.listenAddresses());

      other.service.sync.open(author.peerId(), feed).get(10, TimeUnit.SECONDS);
      Thread.sleep(500);

      assertThat(other.service.sync.peers(feed)).isEmpty();
      assertThat(other.service.store.headSequence(feed)).isEqualTo(-1);
    } finally {
      other.close();
      author.close();
    }
  }

  private static void dialable(Host from, TestNode to) {
    from.peerStore().addAddresses(to.peerId(), to.host.listenAddresses().stream()
        .map(a -> Multiaddr.parse(a.toString().replaceAll("/p2p/.*$", ""))).toList());
  }

  private static void push(Stream stream, FeedId feed, List<FeedEntry> entries) {
    stream.write(FeedFrames.encode(new FeedMessage.Push(feed, entries.stream().map(FeedEntry::encoded).toList())));
  }
}
