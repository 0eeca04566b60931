package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.store.Database;
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
}
