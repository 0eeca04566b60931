package dev.samizdat.node.channels;

import static dev.samizdat.node.channels.ChannelReplicationTest.awaitHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.report.Report;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.store.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user deletes one of their own channels or lists with its key; readers keep their copies. */
@Timeout(120)
class DestroyOwnFeedTest {
  @TempDir Path dir;

  @Test
  void aDestroyedChannelLeavesItsAuthorWithItsKeyAndFilesWhileItsSubscribersKeepIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId channel = author.service.createChannel("leaks", "").get(10, TimeUnit.SECONDS).id();
      BlobRef file = author.service.post(channel, "the memo", List.of(new ChannelService.Attachment(
          "memo".getBytes(StandardCharsets.UTF_8), "text/plain", "memo.txt"))).get(10, TimeUnit.SECONDS)
          .content().attachments().get(0);
      author.service.post(channel, "more").get(10, TimeUnit.SECONDS);
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      awaitHead(reader, channel, 2);
      reader.service.attachment(channel, file).get(20, TimeUnit.SECONDS); // opened, so the reader holds it too

      assertThat(refusal(reader.service.destroyChannel(channel))).isEqualTo(ChannelException.Refusal.CONFLICT);
      assertThat(author.service.destroyChannel(channel).get(10, TimeUnit.SECONDS)).isEqualTo(3);

      assertThat(author.service.channels().get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(author.service.heldFeed(channel)).as("the key went with the settings row").isEmpty();
      assertThat(author.service.store.headSequence(channel)).isNegative();
      assertThat(author.service.store.blobs().get(file.id())).isEmpty();
      for (Table table : List.of(Table.FEED_ENTRIES, Table.FEED_META, Table.CHANNELS)) {
        assertThat(author.db.latestPurge(table)).as(table.columnFamily())
            .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      }
      assertThat(refusal(author.service.post(channel, "again"))).isEqualTo(ChannelException.Refusal.NOT_FOUND);
      assertThat(refusal(author.service.destroyChannel(channel))).isEqualTo(ChannelException.Refusal.NOT_FOUND);

      assertThat(reader.service.read(channel, -1, 10).get(10, TimeUnit.SECONDS).posts())
          .extracting(p -> p.content().text()).containsExactly("the memo", "more");
      assertThat(reader.service.store.blobs().get(file.id())).as("the copy of the file the reader opened").isPresent();
    }
  }

  @Test
  void aDestroyedListTakesItsReviewQueueAndItsOwnersFollowWithIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode moderator = new TestNode(dir.resolve("moderator"), dht)) {
      Moderation moderation = moderator.service.moderation();
      FeedId channel = moderator.service.createChannel("mine", "").get(10, TimeUnit.SECONDS).id();
      FeedId list = moderation.createList("spam", "").get(10, TimeUnit.SECONDS).id();
      FeedId spam = new FeedId(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
      moderation.addRule(list, ChannelText.target("channel:" + ChannelText.id(spam)), Category.SPAM, "", Action.HIDE,
          0, false).get(10, TimeUnit.SECONDS);
      moderation.follow(list, Action.DROP, EnumSet.noneOf(Category.class), 1).get(20, TimeUnit.SECONDS);
      Ed25519PrivateKey reporter = Ed25519PrivateKey.generate(new SecureRandom());
      moderation.desk().accept(reporter.publicKey(), new Report(new Target(Target.Kind.CHANNEL, channel.toBytes()),
          list, Category.SPAM, "", reporter.publicKey(), System.currentTimeMillis(), false).encode());
      assertThat(moderation.desk().items(Optional.of(list)).get(10, TimeUnit.SECONDS)).hasSize(1);

      assertThat(refusal(moderator.service.destroyChannel(list))).isEqualTo(ChannelException.Refusal.INVALID);
      assertThat(refusal(moderation.destroyList(channel))).isEqualTo(ChannelException.Refusal.INVALID);
      assertThat(moderation.destroyList(list).get(10, TimeUnit.SECONDS)).isEqualTo(2);

      assertThat(moderation.lists().get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(moderation.subscription(list)).as("the owner's follow of it").isEmpty();
      assertThat(moderation.desk().items(Optional.empty()).get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(moderator.db.latestPurge(Table.REPORTS)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      assertThat(moderator.service.channels().get(10, TimeUnit.SECONDS)).as("the channel it did not touch")
          .singleElement().satisfies(info -> assertThat(info.id()).isEqualTo(channel));
    }
  }

  private static ChannelException.Refusal refusal(CompletableFuture<?> future) throws Exception {
    Throwable failure = future.handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(ChannelException.class);
    return ((ChannelException) cause).refusal();
  }
}
