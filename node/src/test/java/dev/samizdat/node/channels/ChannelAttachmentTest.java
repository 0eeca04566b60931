package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.post.BlobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An author attaches a file to a post; a subscriber sees the reference and fetches the file from a serving peer. */
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
      assertThat(reader.service.blobs.get(ref.id())).isPresent(); // stored, so the reader serves it too
    }
  }
}
