package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.node.channels.api.ChannelJson;
import dev.samizdat.node.store.Table;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An author attaches a file to a post; a subscriber sees the reference, fetches the file from a serving
 * peer, and deletes it when its policy drops it (or the post, or its author) or when it leaves the last
 * channel that names it.
 */
@Timeout(60)
class ChannelAttachmentTest {
  @TempDir Path dir;

  @Test
  void aSubscriberFetchesAPostsAttachmentFromTheChannelsPeers() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId channel = author.service.createChannel("pictures", "").get(10, TimeUnit.SECONDS).id();
      byte[] file = "pretend this is a JPEG".getBytes(StandardCharsets.UTF_8);
      Views.PostView posted = author.service.post(channel, "look",
          List.of(new ChannelService.Attachment(file, "image/jpeg", "cat.jpg"))).get(10, TimeUnit.SECONDS);
      BlobRef ref = posted.content().attachments().get(0);
      assertThat(ref.size()).isEqualTo(file.length);

      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);
      Views.PostView seen = reader.service.read(channel, -1, 10).get(10, TimeUnit.SECONDS).posts().get(0);
      assertThat(seen.content().attachments()).containsExactly(ref);

      assertThat(reader.service.attachment(channel, ref).get(20, TimeUnit.SECONDS)).isEqualTo(file);
      assertThat(reader.service.store.blobs().get(ref.id())).isPresent(); // stored, so the reader serves it too
    }
  }

  @Test
  void aFileNoPeerOnlineHoldsIsSaidToBeUnavailableNotAnError() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId channel;
      BlobRef ref;
      try (TestNode author = new TestNode(dir.resolve("author"), dht)) {
        channel = author.service.createChannel("pictures", "").get(10, TimeUnit.SECONDS).id();
        ref = author.service.post(channel, "look", List.of(file("a picture"))).get(10, TimeUnit.SECONDS)
            .content().attachments().get(0);
        reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
        reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);
      }
      assertThatThrownBy(() -> reader.service.attachment(channel, ref).get(20, TimeUnit.SECONDS))
          .cause().isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.refusal()).isEqualTo(ChannelException.Refusal.UNAVAILABLE);
            assertThat(e.getMessage()).contains("no peer online has");
          });
    }
  }

  @Test
  void anAttachmentLeavesTheReaderWhenThePolicyDropsItOrWithTheLastChannelNamingIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode moderator = new TestNode(dir.resolve("moderator"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId first = author.service.createChannel("first", "").get(10, TimeUnit.SECONDS).id();
      FeedId second = author.service.createChannel("second", "").get(10, TimeUnit.SECONDS).id();
      ChannelService.Attachment sharedFile = file("a file in both channels");
      ChannelService.Attachment flagged = file("a file a list will drop");
      List<BlobRef> firstRefs = author.service.post(first, "two files", List.of(sharedFile, flagged))
          .get(10, TimeUnit.SECONDS).content().attachments();
      author.service.post(second, "the same file", List.of(sharedFile)).get(10, TimeUnit.SECONDS);
      BlobRef shared = firstRefs.get(0);
      BlobRef dropped = firstRefs.get(1);
      Blob stray = Blob.of("held by the author, named by no post".getBytes(StandardCharsets.UTF_8));
      author.service.store.blobs().put(stray);

      BlobStore held = reader.service.store.blobs();
      for (FeedId channel : List.of(first, second)) {
        reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
        reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);
      }
      for (BlobRef ref : firstRefs) {
        reader.service.attachment(first, ref).get(20, TimeUnit.SECONDS);
        assertThat(held.get(ref.id())).isPresent();
      }
      // Served when asked for, but no post the reader holds names it: not kept.
      assertThat(reader.service.attachment(first, stray.ref("text/plain", "")).get(20, TimeUnit.SECONDS))
          .isEqualTo(stray.content());
      assertThat(held.get(stray.id())).isEmpty();

      // A list rule that names the blob only by its digest: the reader looks through what it holds.
      FeedId list = moderator.service.moderation().createList("list", "").get(10, TimeUnit.SECONDS).id();
      reader.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
      moderator.service.moderation().addRule(list, ChannelText.target("blob:" + dropped.id().hex()), Category.OTHER,
          "not here", Action.DROP, 0, true).get(10, TimeUnit.SECONDS);
      await(() -> held.get(dropped.id()).isEmpty(), "the dropped attachment is still held");
      assertThat(reader.db.latestPurge(Table.FEED_META).get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(held.get(shared.id())).isPresent();

      reader.service.unsubscribe(first).get(10, TimeUnit.SECONDS);
      assertThat(held.get(shared.id())).as("the second channel still names it").isPresent();
      reader.service.unsubscribe(second).get(10, TimeUnit.SECONDS);
      assertThat(held.get(shared.id())).isEmpty();
      assertThat(held.referencingFeeds(dropped.id())).isEmpty();

      author.service.moderation().setUserRule(new Target(Target.Kind.BLOB, dropped.id().toBytes()),
          Optional.of(Action.DROP)).get(10, TimeUnit.SECONDS);
      for (BlobRef ref : firstRefs) {
        assertThat(author.service.store.blobs().get(ref.id())).as("the author's own files stay").isPresent();
      }
    }
  }

  @Test
  void theFileOfAPostThePolicyDropsIsNeitherKeptNorFetchedNorServed() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode moderator = new TestNode(dir.resolve("moderator"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht);
        TestNode other = new TestNode(dir.resolve("other"), dht)) {
      Leaks leaks = Leaks.post(author);
      FeedId channel = leaks.channel();
      Views.PostView scan = leaks.scan();
      Views.PostView photo = leaks.photo();
      BlobRef scanFile = scan.content().attachments().get(0);
      BlobRef photoFile = photo.content().attachments().get(0);
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);
      reader.service.attachment(channel, scanFile).get(20, TimeUnit.SECONDS);
      reader.service.attachment(channel, photoFile).get(20, TimeUnit.SECONDS);
      BlobStore held = reader.service.store.blobs();

      // The reader's own drop of the post: its file leaves, is not fetched again, and is not served.
      Target post = ChannelText.postTarget(channel, scan.sequence());
      reader.service.moderation().setUserRule(post, Optional.of(Action.DROP)).get(10, TimeUnit.SECONDS);
      assertThat(held.get(scanFile.id())).as("the dropped post's file is still held").isEmpty();
      assertThatThrownBy(() -> reader.service.attachment(channel, scanFile).get(20, TimeUnit.SECONDS))
          .hasMessageContaining("dropped by your policy");
      assertThat(held.get(scanFile.id())).isEmpty();
      held.put(Blob.of("a scan".getBytes(StandardCharsets.UTF_8))); // were it still held, it would not be served
      other.host.peerStore().addAddresses(reader.peerId(), reader.host.listenAddresses());
      assertThatThrownBy(() -> other.service.blobs.fetch(reader.peerId(), scanFile).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BlobExchange.FetchException.class).hasMessageContaining("NOT_SERVED");
      reader.service.moderation().clearUserRule(post).get(10, TimeUnit.SECONDS);
      assertThat(other.service.blobs.fetch(reader.peerId(), scanFile).get(20, TimeUnit.SECONDS).content())
          .as("allowed again, it is served again").isEqualTo("a scan".getBytes(StandardCharsets.UTF_8));

      // A followed list's drop of the posts' author: every file that author posted leaves.
      FeedId list = moderator.service.moderation().createList("list", "").get(10, TimeUnit.SECONDS).id();
      reader.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
      moderator.service.moderation().addRule(list,
          ChannelText.target("peer:" + dev.samizdat.libp2p.PeerId.fromPublicKey(photo.author()).toBase58()),
          Category.SPAM, "floods", Action.DROP, 0, true).get(10, TimeUnit.SECONDS);
      await(() -> held.get(photoFile.id()).isEmpty() && held.get(scanFile.id()).isEmpty(),
          "the files of a dropped author are still held");
      assertThatThrownBy(() -> reader.service.attachment(channel, photoFile).get(20, TimeUnit.SECONDS))
          .hasMessageContaining("dropped by your policy");
      assertThat(author.service.store.blobs().get(photoFile.id())).as("the author's own files stay").isPresent();
    }
  }

  @Test
  void whyAFileIsDroppedWithItsOnlyPostNamesThePostsRuleAsTheDownloadRefusesIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode moderator = new TestNode(dir.resolve("moderator"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      Leaks leaks = Leaks.post(author);
      FeedId channel = leaks.channel();
      Views.PostView scan = leaks.scan();
      Views.PostView photo = leaks.photo();
      BlobRef scanFile = scan.content().attachments().get(0);
      BlobRef photoFile = photo.content().attachments().get(0);
      FeedId list = moderator.service.moderation().createList("list", "").get(10, TimeUnit.SECONDS).id();
      reader.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);

      long entry = moderator.service.moderation().addRule(list,
          ChannelText.TargetRef.of(ChannelText.postTarget(channel, scan.sequence())),
          Category.SCAM, "asks for keys", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);
      await(() -> readPosts(reader, channel).size() == 1, "the reader still shows the dropped post");
      assertThatThrownBy(() -> reader.service.attachment(channel, scanFile).get(20, TimeUnit.SECONDS))
          .hasMessageContaining("dropped by your policy");

      Moderation.Explanation why = reader.service.moderation()
          .why(ChannelText.target("blob:" + scanFile.id().hex())).get(10, TimeUnit.SECONDS);
      assertThat(why.decision().action()).contains(Action.DROP);
      assertThat(why.throughPosts()).isTrue();
      assertThat(why.decision().reasons()).singleElement().satisfies(reason -> {
        assertThat(reason.list()).isEqualTo(list);
        assertThat(reason.entrySequence()).isEqualTo(entry);
      });
      JsonObject json = ChannelJson.explanation(why, reader.service.moderation().listLabels());
      assertThat(json.getString("action")).isEqualTo("drop");
      assertThat(json.getBoolean("throughPosts")).isTrue();

      Moderation.Explanation shown = reader.service.moderation()
          .why(ChannelText.target("blob:" + photoFile.id().hex())).get(10, TimeUnit.SECONDS);
      assertThat(shown.decision()).isEqualTo(Decision.SHOWN);
      assertThat(shown.throughPosts()).isFalse();
      assertThat(ChannelJson.explanation(shown, reader.service.moderation().listLabels()).containsKey("throughPosts"))
          .isFalse();
    }
  }

  @Test
  void aFileThePolicyHidesIsNotOpenedAndOneItWarnsOfIsMarkedButTheAuthorStillSeesItsOwn() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode moderator = new TestNode(dir.resolve("moderator"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId channel = author.service.createChannel("files", "").get(10, TimeUnit.SECONDS).id();
      Views.PostView posted = author.service.post(channel, "two files", List.of(file("a shock"), file("a rumour")))
          .get(10, TimeUnit.SECONDS);
      BlobRef shocking = posted.content().attachments().get(0);
      BlobRef doubtful = posted.content().attachments().get(1);
      FeedId list = moderator.service.moderation().createList("list", "").get(10, TimeUnit.SECONDS).id();
      moderator.service.moderation().addRule(list, ChannelText.target("blob:" + shocking.id().hex()),
          Category.VIOLENCE, "gore", Action.HIDE, 0, true).get(10, TimeUnit.SECONDS);
      moderator.service.moderation().addRule(list, ChannelText.target("blob:" + doubtful.id().hex()),
          Category.SCAM, "unverified", Action.WARN, 0, true).get(10, TimeUnit.SECONDS);
      for (TestNode node : List.of(author, reader)) {
        node.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
        node.service.awaitCatchUp(list).get(20, TimeUnit.SECONDS);
      }
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);

      JsonArray files = readJson(reader, channel).getJsonArray("attachments");
      assertThat(files.getJsonObject(0).getJsonObject("decision").getString("action")).isEqualTo("hide");
      assertThat(files.getJsonObject(1).getJsonObject("decision").getString("action")).isEqualTo("warn");
      assertThatThrownBy(() -> reader.service.attachment(channel, shocking).get(20, TimeUnit.SECONDS))
          .hasMessageContaining("hidden by your policy");
      assertThat(reader.service.attachment(channel, doubtful).get(20, TimeUnit.SECONDS))
          .isEqualTo("a rumour".getBytes(StandardCharsets.UTF_8));

      reader.service.moderation().setUserRule(new Target(Target.Kind.BLOB, shocking.id().toBytes()), Optional.empty())
          .get(10, TimeUnit.SECONDS);
      assertThat(reader.service.attachment(channel, shocking).get(20, TimeUnit.SECONDS))
          .as("the user's own allow opens it").isEqualTo("a shock".getBytes(StandardCharsets.UTF_8));

      JsonArray own = readJson(author, channel).getJsonArray("attachments");
      assertThat(own.getJsonObject(0).getJsonObject("decision").getString("action"))
          .as("a list does not hide the author's own files from them").isNull();
      assertThat(author.service.attachment(channel, shocking).get(20, TimeUnit.SECONDS)).isNotEmpty();
    }
  }

  private static JsonObject readJson(TestNode node, FeedId channel) {
    return ChannelJson.post(channel, readPosts(node, channel).get(0), node.service.moderation().listLabels(),
        node.service.moderation());
  }

  @Test
  void anAuthorEditsAndDeletesAPostAndTheDeletedPostsFileLeavesEveryNode() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode reader = new TestNode(dir.resolve("reader"), dht)) {
      FeedId channel = author.service.createChannel("notes", "").get(10, TimeUnit.SECONDS).id();
      Views.PostView posted = author.service.post(channel, "the minutes", List.of(file("names of attendees")))
          .get(10, TimeUnit.SECONDS);
      BlobRef ref = posted.content().attachments().get(0);
      reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reader.service.awaitCatchUp(channel).get(20, TimeUnit.SECONDS);
      reader.service.attachment(channel, ref).get(20, TimeUnit.SECONDS);

      author.service.edit(channel, posted.sequence(), "the minutes, corrected").get(10, TimeUnit.SECONDS);
      await(() -> readPosts(reader, channel).stream().anyMatch(p -> p.content().text().equals("the minutes, corrected")
          && p.editedAtMillis() > 0 && p.content().attachments().equals(List.of(ref))), "the edit did not reach the reader");
      assertThat(reader.service.store.blobs().get(ref.id())).as("an edit that keeps the file").isPresent();
      assertThatThrownBy(() -> reader.service.edit(channel, posted.sequence(), "not mine").get(10, TimeUnit.SECONDS))
          .hasMessageContaining("only the author");

      author.service.deletePost(channel, posted.sequence(), "names must not circulate").get(10, TimeUnit.SECONDS);
      await(() -> readPosts(reader, channel).isEmpty(), "the deletion did not reach the reader");
      await(() -> reader.service.store.blobs().get(ref.id()).isEmpty(), "the reader still holds the deleted post's file");
      assertThat(author.service.store.blobs().get(ref.id())).isEmpty();
      assertThatThrownBy(() -> author.service.deletePost(channel, posted.sequence(), "").get(10, TimeUnit.SECONDS))
          .hasMessageContaining("no post #" + posted.sequence());
    }
  }

  private static List<Views.PostView> readPosts(TestNode node, FeedId channel) {
    return node.service.read(channel, -1, 10).join().posts();
  }

  /** A channel "leaks" with two posts of one file each: "the scan" and "the photo". */
  private record Leaks(FeedId channel, Views.PostView scan, Views.PostView photo) {
    static Leaks post(TestNode author) throws Exception {
      FeedId channel = author.service.createChannel("leaks", "").get(10, TimeUnit.SECONDS).id();
      return new Leaks(channel,
          author.service.post(channel, "the scan", List.of(file("a scan"))).get(10, TimeUnit.SECONDS),
          author.service.post(channel, "the photo", List.of(file("a photo"))).get(10, TimeUnit.SECONDS));
    }
  }

  private static ChannelService.Attachment file(String text) {
    return new ChannelService.Attachment(text.getBytes(StandardCharsets.UTF_8), "text/plain", "note.txt");
  }

  private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(failure).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
