package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.post.Post;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksFeedStoreTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
  private final FeedId feed = new FeedId(feedKey.publicKey());

  @TempDir Path dir;

  @Test
  void aFeedSurvivesReopeningWithItsHeadManifestAndForks() {
    FeedEntry rival;
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      FeedLog log = new FeedLog(store);
      log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "news", "", List.of(), List.of()), NOW);
      for (int i = 0; i < 300; i++) {
        log.append(feed, ContentType.POST, ("post " + i).getBytes(StandardCharsets.UTF_8), feedKey, NOW + i);
      }
      FeedEntry before = store.entry(feed, 299).orElseThrow();
      rival = FeedEntry.sign(feed, 300, before.hash(), NOW + 1000, ContentType.POST, new byte[] {1}, feedKey);
      assertThat(log.accept(rival, NOW + 1000)).isInstanceOf(FeedLog.Outcome.Fork.class);
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      assertThat(store.headSequence(feed)).isEqualTo(300);
      assertThat(store.latestManifest(feed)).map(FeedEntry::sequence).contains(0L);
      assertThat(store.entries(feed, 250, 10)).extracting(FeedEntry::sequence)
          .containsExactly(250L, 251L, 252L, 253L, 254L, 255L, 256L, 257L, 258L, 259L);
      assertThat(store.forks(feed)).singleElement().satisfies(proof -> assertThat(proof.conflicting()).isEqualTo(rival));
      assertThat(new FeedLog(store).manifest(feed).name()).isEqualTo("news");

      store.deleteFeed(feed);
      assertThat(store.headSequence(feed)).isEqualTo(-1);
      assertThat(store.entries(feed, 0, 10)).isEmpty();
      assertThat(store.forks(feed)).isEmpty();
    }
  }

  @Test
  void replicatedEntriesAreReadableAtOnceAndDurableAfterTheBatchSync() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore author = new RocksFeedStore(db);
      new FeedLog(author).create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "news", "", List.of(), List.of()), NOW);
      assertThat(author.hasUnsynced()).isFalse();

      FeedLog replicated = new FeedLog(author.replicated());
      FeedEntry previous = author.entry(feed, 0).orElseThrow();
      for (int i = 1; i <= 100; i++) {
        FeedEntry next = FeedEntry.sign(feed, i, previous.hash(), NOW + i, ContentType.POST,
            ("post " + i).getBytes(StandardCharsets.UTF_8), feedKey);
        assertThat(replicated.accept(next, NOW + i)).isInstanceOf(FeedLog.Outcome.Appended.class);
        previous = next;
      }
      assertThat(author.headSequence(feed)).isEqualTo(100);
      assertThat(author.hasUnsynced()).isTrue();

      author.syncReplicated();
      assertThat(author.hasUnsynced()).isFalse();
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      assertThat(store.headSequence(feed)).isEqualTo(100);
      assertThat(store.entries(feed, 95, 10)).extracting(FeedEntry::sequence).containsExactly(95L, 96L, 97L, 98L, 99L, 100L);
    }
  }

  @Test
  void theFirstProofOfASequenceIsKeptAndALaterOneWithOtherEntriesIsAlreadyKnown() {
    FeedEntry accepted;
    FeedEntry rival;
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      FeedLog log = new FeedLog(store);
      log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "news", "", List.of(), List.of()), NOW);
      FeedEntry head = store.entry(feed, 0).orElseThrow();
      accepted = log.append(feed, ContentType.POST, new byte[] {0}, feedKey, NOW);
      rival = FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.POST, new byte[] {1}, feedKey);
      FeedEntry thirdStory = FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.POST, new byte[] {2}, feedKey);

      assertThat(log.accept(rival, NOW)).isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), true));
      assertThat(log.accept(thirdStory, NOW))
          .isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), false));
      assertThat(log.acceptForkProof(rival, thirdStory))
          .isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), false));
      store.recordFork(new ForkProof(rival, thirdStory));
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      assertThat(new RocksFeedStore(db).forks(feed)).containsExactly(new ForkProof(accepted, rival));
    }
  }

  /** The author's feed: a manifest and {@code posts} posts, the first and last with {@code file} attached. */
  private List<FeedEntry> writeFeed(int posts, Blob file) {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    FeedLog log = new FeedLog(authorStore);
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "news", "", List.of(), List.of()), NOW);
    BlobRef ref = new BlobRef(file.id(), file.content().length, "text/plain", "memo.txt");
    for (int i = 1; i <= posts; i++) {
      Post post = i == 1 || i == posts ? new Post("post " + i, List.of(ref)) : Post.text("post " + i);
      log.append(feed, ContentType.POST, post.encode(), feedKey, NOW + i);
    }
    return authorStore.entries(feed, 0, Integer.MAX_VALUE);
  }

  /** What a crash after the first page of a deletion leaves: the deletion marked, 100 entries gone. */
  private void deleteUntilTheFirstPageAndCrash(RocksFeedStore store) {
    store.beginDeletion(feed);
    assertThat(store.deleteEntries(feed, 100)).isTrue();
  }

  @Test
  void aDeletionCutShortByACrashIsFinishedOnReopeningAndLeavesNothingOfTheFeed() {
    Blob file = Blob.of("the memo".getBytes(StandardCharsets.UTF_8));
    List<FeedEntry> written = writeFeed(300, file);
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      FeedLog log = new FeedLog(store.replicated());
      written.forEach(entry -> assertThat(log.accept(entry, NOW + 1000)).isInstanceOf(FeedLog.Outcome.Appended.class));
      store.syncReplicated();
      store.blobs().putIfReferenced(file);
      FeedEntry rival = FeedEntry.sign(feed, 300, written.get(299).hash(), NOW + 1000, ContentType.POST,
          Post.text("another story").encode(), feedKey);
      assertThat(log.accept(rival, NOW + 1000)).isInstanceOf(FeedLog.Outcome.Fork.class);

      deleteUntilTheFirstPageAndCrash(store);
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      assertThat(db.scan(Table.FEED_ENTRIES, feed.toBytes(), null, Integer.MAX_VALUE)).as("left by the crash")
          .hasSize(201);
      assertThat(store.headSequence(feed)).as("a feed being deleted reads as empty").isEqualTo(-1);
      assertThat(store.entry(feed, 200)).isEmpty();
      assertThat(store.entries(feed, 0, 10)).isEmpty();
      assertThat(store.latestManifest(feed)).isEmpty();
      assertThat(store.forks(feed)).isEmpty();

      assertThat(store.finishDeletions()).containsExactly(feed);
      assertThat(db.scan(Table.FEED_ENTRIES, feed.toBytes(), null, Integer.MAX_VALUE)).isEmpty();
      assertThat(store.blobs().get(file.id())).as("its attachment went with its last post").isEmpty();
      assertThat(store.blobs().references(file.id())).isEmpty();
      assertThat(store.finishDeletions()).as("nothing left to finish").isEmpty();
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      FeedLog log = new FeedLog(store.replicated());
      written.forEach(entry -> assertThat(log.accept(entry, NOW + 1000)).as("held again, entry " + entry.sequence())
          .isInstanceOf(FeedLog.Outcome.Appended.class));
      assertThat(store.headSequence(feed)).isEqualTo(300);
      assertThat(store.entries(feed, 0, 1000)).containsExactlyElementsOf(written);
      assertThat(store.blobs().references(file.id())).hasSize(2);
    }
  }

  @Test
  void aFeedWhoseDeletionWasCutShortIsDeletedWhollyBeforeItIsWrittenAgain() {
    List<FeedEntry> written = writeFeed(300, Blob.of(new byte[] {1}));
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      FeedLog log = new FeedLog(store.replicated());
      written.forEach(entry -> log.accept(entry, NOW + 1000));
      deleteUntilTheFirstPageAndCrash(store); // a failed write, say: the node goes on running

      assertThat(log.accept(written.get(0), NOW + 1000)).isInstanceOf(FeedLog.Outcome.Appended.class);
      assertThat(db.scan(Table.FEED_ENTRIES, feed.toBytes(), null, Integer.MAX_VALUE)).hasSize(1);
      assertThat(store.finishDeletions()).isEmpty();
      written.subList(1, 301).forEach(entry -> assertThat(log.accept(entry, NOW + 1000))
          .isInstanceOf(FeedLog.Outcome.Appended.class));
      assertThat(store.headSequence(feed)).isEqualTo(300);
    }
  }
}
