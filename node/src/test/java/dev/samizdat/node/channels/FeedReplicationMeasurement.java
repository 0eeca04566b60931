package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.post.Post;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.SignatureDomain;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a regular test (enabled with {@code -Dsamizdat.measure=true}; see
 * docs/PERFORMANCE.md): a new subscriber replicates a 100,000-entry channel from its author, two real
 * nodes on 127.0.0.1 with real RocksDB stores. Prints the entries verified and stored per second, the
 * catch-up time, and the raw Ed25519 verification rate measured in the same run on the same entries.
 */
@EnabledIfSystemProperty(named = "samizdat.measure", matches = "true")
@Timeout(600)
class FeedReplicationMeasurement {
  static final int ENTRIES = 100_000;

  @TempDir Path dir;

  @Test
  void aNewSubscriberCatchesUpWithAHundredThousandEntries() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode author = new TestNode(dir.resolve("author"), dht);
        TestNode subscriber = new TestNode(dir.resolve("subscriber"), dht)) {
      FeedId channel = author.service.createChannel("busy", "").get(10, TimeUnit.SECONDS).id();
      long written = System.nanoTime();
      author.service.call(() -> {
        // Written as one bulk load (synced once), not through the API, which syncs each post.
        Ed25519PrivateKey key = author.service.ownKey(channel);
        FeedLog bulk = new FeedLog(author.service.store.replicated());
        long now = author.service.clock.millis();
        for (int i = 1; i < ENTRIES; i++) {
          bulk.append(channel, ContentType.POST, Post.text("post number " + i + " of a busy channel").encode(), key,
              now);
        }
        author.service.store.syncReplicated();
        return null;
      }).get(300, TimeUnit.SECONDS);
      System.out.printf("author wrote %,d entries in %.1f s%n", ENTRIES, (System.nanoTime() - written) / 1e9);

      double verifyRate = rawVerifyRate(author.service.store.entries(channel, 0, 20_000));

      long start = System.nanoTime();
      subscriber.service.subscribe(channel).get(60, TimeUnit.SECONDS);
      long firstEntry = System.nanoTime();
      while (subscriber.service.store.headSequence(channel) < ENTRIES - 1) {
        assertThat(System.nanoTime() - start).as("caught up within 5 minutes").isLessThan(TimeUnit.MINUTES.toNanos(5));
        Thread.sleep(5);
      }
      long done = System.nanoTime();
      double seconds = (done - start) / 1e9;
      double rate = ENTRIES / seconds;
      System.out.printf("subscriber caught up with %,d entries in %.2f s (manifest after %.2f s)%n", ENTRIES,
          seconds, (firstEntry - start) / 1e9);
      System.out.printf("replication: %,.0f entries verified and stored per second%n", rate);
      System.out.printf("raw Ed25519 verify, same run: %,.0f per second; replication is %.0f %% of it%n",
          verifyRate, 100 * rate / verifyRate);
      assertThat(subscriber.service.store.entry(channel, ENTRIES - 1))
          .isEqualTo(author.service.store.entry(channel, ENTRIES - 1));
      assertThat(subscriber.service.store.hasUnsynced()).isFalse();
    }
  }

  /** Verifies the entries' signatures as FeedEntry.decode does, twice over (the first pass warms up). */
  private static double rawVerifyRate(List<FeedEntry> entries) {
    SignatureDomain domain = SignatureDomain.of(FeedEntry.DOMAIN_LABEL);
    Ed25519PublicKey signer = entries.get(0).signer();
    byte[][] messages = new byte[entries.size()][];
    byte[][] signatures = new byte[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      byte[] bytes = entries.get(i).encoded();
      int signed = bytes.length - Ed25519PublicKey.SIGNATURE_LENGTH;
      messages[i] = domain.frame(Arrays.copyOf(bytes, signed));
      signatures[i] = Arrays.copyOfRange(bytes, signed, bytes.length);
    }
    double rate = 0;
    for (int pass = 0; pass < 2; pass++) {
      long start = System.nanoTime();
      int valid = 0;
      for (int i = 0; i < messages.length; i++) {
        valid += signer.verify(messages[i], signatures[i]) ? 1 : 0;
      }
      assertThat(valid).isEqualTo(messages.length);
      rate = messages.length / ((System.nanoTime() - start) / 1e9);
    }
    return rate;
  }
}
