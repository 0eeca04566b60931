package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.post.Post;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.Table;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real nodes on loopback with real RocksDB stores replicate a channel and keep it alive without its author. */
@Timeout(120)
class ChannelReplicationTest {
  static final int POSTS = 200;

  @TempDir Path dir;

  @Test
  void subscribersConvergeAndALateSubscriberGetsEverythingAfterTheAuthorIsGone() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht);
    List<TestNode> subscribers = new ArrayList<>();
    try {
      FeedId channel = author.service.createChannel("news", "all of it").get(10, TimeUnit.SECONDS).id();
      for (int i = 0; i < 3; i++) {
        TestNode node = new TestNode(dir.resolve("sub" + i), dht);
        subscribers.add(node);
        assertThat(node.service.subscribe(channel).get(20, TimeUnit.SECONDS).name()).isEqualTo("news");
      }
      for (int i = 0; i < POSTS; i++) {
        author.service.post(channel, "post " + i).get(10, TimeUnit.SECONDS);
      }
      for (TestNode node : subscribers) {
        awaitHead(node, channel, POSTS);
      }
      // pushed, not merely pulled: each subscriber heard every post as an event, once. The event follows the
      // store write, so the head can be seen a moment before the last event.
      RecordingListener heard = subscribers.get(0).events;
      await(() -> heard.posts.size() >= POSTS, Duration.ofSeconds(10), () -> heard.posts.size() + " post events");
      assertThat(heard.posts).hasSize(POSTS);

      author.close();
      TestNode late = new TestNode(dir.resolve("late"), dht);
      subscribers.add(late);
      late.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      awaitHead(late, channel, POSTS);

      Views.ChannelPage page = late.service.read(channel, -1, 1000).get(10, TimeUnit.SECONDS);
      assertThat(page.posts()).hasSize(POSTS);
      assertThat(page.posts().get(POSTS - 1).content().text()).isEqualTo("post " + (POSTS - 1));
      assertThat(page.channel().servingPeers()).isNotEmpty().doesNotContain(author.peerId());
      // every stored entry verifies again from its bytes and chains to the one before it
      FeedLog check = new FeedLog(new InMemoryFeedStore());
      for (FeedEntry stored : late.service.store.entries(channel, 0, 1000)) {
        check.accept(FeedEntry.decode(stored.encoded()), System.currentTimeMillis());
      }
      List<RecordingListener.Sync> syncs = late.events.syncs;
      await(() -> !syncs.isEmpty() && syncs.get(syncs.size() - 1).have() == POSTS + 1, Duration.ofSeconds(10),
          () -> "last sync event " + (syncs.isEmpty() ? "none" : syncs.get(syncs.size() - 1)));
    } finally {
      for (TestNode node : subscribers) {
        node.close();
      }
      author.close();
    }
  }

  @Test
  void subscriptionsAndOwnChannelsSurviveARestart() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht);
    FeedId channel = author.service.createChannel("diary", "").get(10, TimeUnit.SECONDS).id();
    author.service.post(channel, "before").get(10, TimeUnit.SECONDS);
    author.close();
    TestNode again = new TestNode(dir.resolve("author"), dht, author.identity);
    try {
      again.service.post(channel, "after").get(10, TimeUnit.SECONDS);
      List<String> texts = again.service.read(channel, -1, 10).get(10, TimeUnit.SECONDS).posts().stream()
          .map(p -> p.content().text()).toList();
      assertThat(texts).containsExactly("before", "after");
      assertThat(again.service.channels().get(10, TimeUnit.SECONDS)).singleElement()
          .satisfies(info -> assertThat(info.own()).isTrue());
    } finally {
      again.close();
    }
  }

  @Test
  void unsubscribingDeletesTheChannelHereAndRewritesItsTables() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht);
    TestNode reader = new TestNode(dir.resolve("reader"), dht);
    try {
      FeedId channel = author.service.createChannel("pamphlets", "").get(10, TimeUnit.SECONDS).id();
      author.service.post(channel, "read me").get(10, TimeUnit.SECONDS);
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      awaitHead(reader, channel, 1);

      reader.service.unsubscribe(channel).get(10, TimeUnit.SECONDS);
      assertThat(reader.service.channels().get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(reader.service.store.headSequence(channel)).isNegative();
      for (Table table : List.of(Table.FEED_ENTRIES, Table.FEED_META, Table.CHANNELS)) {
        assertThat(reader.db.latestPurge(table)).as(table.columnFamily())
            .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      }
      assertThat(author.db.latestPurge(Table.FEED_ENTRIES)).as("the author kept it").isCompletedWithValue(false);
    } finally {
      reader.close();
      author.close();
    }
  }

  @Test
  void anUnsubscribeCutShortByACrashIsFinishedAtTheNextStartAndTheChannelCanBeSubscribedToAgain() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode author = new TestNode(dir.resolve("author"), dht);
    TestNode reader = new TestNode(dir.resolve("reader"), dht);
    try {
      FeedId channel = author.service.createChannel("pamphlets", "").get(10, TimeUnit.SECONDS).id();
      for (int i = 0; i < 30; i++) {
        author.service.post(channel, "pamphlet " + i).get(10, TimeUnit.SECONDS);
      }
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      awaitHead(reader, channel, 30);
      reader.close();
      // What a crash during the unsubscribe leaves: the deletion marked, the subscription gone, a page deleted.
      try (Database db = Database.open(reader.directory, reader.identity.seed(), new SecureRandom())) {
        RocksFeedStore store = new RocksFeedStore(db);
        store.beginDeletion(channel);
        new ChannelsStore(db, RowNames.forIdentity(reader.identity)).removeHeld(channel);
        store.deleteEntries(channel, 10);
      }

      reader = new TestNode(dir.resolve("reader"), dht, reader.identity);
      assertThat(reader.service.channels().get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(reader.db.scan(Table.FEED_ENTRIES, channel.toBytes(), null, Integer.MAX_VALUE)).isEmpty();
      assertThat(reader.db.latestPurge(Table.FEED_ENTRIES)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);

      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      awaitHead(reader, channel, 30);
      assertThat(reader.service.read(channel, -1, 100).get(10, TimeUnit.SECONDS).posts()).hasSize(30);
    } finally {
      reader.close();
      author.close();
    }
  }

  @Test
  void subscribingToAChannelNobodyServesAnswersWhenTheLookupFindsNobodyAndKeepsTheSubscription() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode reader = new TestNode(dir.resolve("reader"), dht);
    try {
      FeedId unserved = new FeedId(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
      // answered well before the catch-up wait of TestNode.FAST (5 s) runs out
      Views.FeedInfo info = reader.service.subscribe(unserved).get(2, TimeUnit.SECONDS);
      assertThat(info.servingPeers()).isEmpty();
      assertThat(reader.service.channels().get(10, TimeUnit.SECONDS)).extracting(Views.FeedInfo::id)
          .containsExactly(unserved);
    } finally {
      reader.close();
    }
  }

  @Test
  void aPageCountsTheHiddenPostsOfItsOwnStretchOnly() throws Exception {
    TestNode reader = new TestNode(dir.resolve("reader"), new InMemoryFeedDirectory());
    try {
      FeedId channel = reader.service.createChannel("notes", "").get(10, TimeUnit.SECONDS).id();
      for (int i = 1; i <= 4; i++) {
        reader.service.post(channel, "post " + i).get(10, TimeUnit.SECONDS);
      }
      reader.service.moderation().setUserRule(ChannelText.postTarget(channel, 2),
          java.util.Optional.of(dev.samizdat.channels.policy.Action.HIDE)).get(10, TimeUnit.SECONDS);

      assertThat(reader.service.read(channel, -1, 100).get(10, TimeUnit.SECONDS).hidden()).isEqualTo(1);
      assertThat(reader.service.read(channel, 2, 100).get(10, TimeUnit.SECONDS).hidden()).isZero();
      Views.ChannelPage newest = reader.service.read(channel, -1, 1).get(10, TimeUnit.SECONDS);
      assertThat(newest.posts()).extracting(p -> p.content().text()).containsExactly("post 4");
      assertThat(newest.hidden()).isZero();
      Views.ChannelPage first = reader.service.read(channel, 0, 1).get(10, TimeUnit.SECONDS);
      assertThat(first.hidden()).as("#2, between #1 and the next shown post").isEqualTo(1);
    } finally {
      reader.close();
    }
  }

  @Test
  void aBlocklistsLinkIsNotSubscribedToAsAChannel() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    TestNode moderator = new TestNode(dir.resolve("moderator"), dht);
    TestNode reader = new TestNode(dir.resolve("reader"), dht);
    try {
      FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
      assertThat(reader.service.subscribe(list)).failsWithin(Duration.ofSeconds(20))
          .withThrowableThat().withMessageContaining("is a blocklist, not a channel: follow it with 'samizdat blocklist follow'");
      assertThat(reader.service.channels().get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(reader.service.holds(list)).isFalse();
    } finally {
      reader.close();
      moderator.close();
    }
  }

  @Test
  void aBlocklistSubscribedToAsAChannelWhileNobodyServedItIsLetGoWhenItsManifestArrives() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    // The moderator announces itself elsewhere first: the reader's lookup finds nobody.
    TestNode moderator = new TestNode(dir.resolve("moderator"), new InMemoryFeedDirectory());
    TestNode reader = new TestNode(dir.resolve("reader"), dht);
    try {
      FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
      assertThat(reader.service.subscribe(list).get(20, TimeUnit.SECONDS).kind()).isEmpty();
      assertThat(reader.service.holds(list)).isTrue();

      dht.forNode(moderator.peerId(), moderator.host::listenAddresses).provide(list).join();
      await(() -> !reader.service.holds(list), Duration.ofSeconds(30), () -> "the list is still held as a channel");
      assertThat(reader.service.channels().get(10, TimeUnit.SECONDS)).isEmpty();
    } finally {
      reader.close();
      moderator.close();
    }
  }

  static void awaitHead(TestNode node, FeedId feed, long sequence) throws InterruptedException {
    await(() -> node.service.store.headSequence(feed) >= sequence, Duration.ofSeconds(60),
        () -> "node " + node.peerId() + " has " + node.service.store.headSequence(feed) + " of " + sequence);
  }

  static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what.get());
      }
      Thread.sleep(50);
    }
  }

  static Post text(String text) {
    return Post.text(text);
  }
}
