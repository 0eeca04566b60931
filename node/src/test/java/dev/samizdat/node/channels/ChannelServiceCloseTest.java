package dev.samizdat.node.channels;

import static dev.samizdat.node.channels.ChannelReplicationTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Ed25519PrivateKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing the channel service answers every request still waiting for its worker instead of leaving it hanging. */
@Timeout(60)
class ChannelServiceCloseTest {
  @TempDir Path dir;

  @Test
  void requestsPendingWhenTheServiceClosesFailSayingTheNodeIsShuttingDown() throws Exception {
    try (TestNode node = new TestNode(dir.resolve("node"), new InMemoryFeedDirectory())) {
      ChannelService service = node.service;
      // Nobody serves this feed: the catch-up wait checks it every 100 ms until its deadline, 5 s away.
      FeedId unserved = new FeedId(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
      CompletableFuture<Void> catchingUp = service.awaitCatchUp(unserved);

      // The worker is kept busy until close() has queued its own task, so that requests queue behind it.
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> busy = service.call(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      Thread closing = new Thread(service::close, "closing");
      closing.start();
      await(() -> closing.getState() == Thread.State.TIMED_WAITING, Duration.ofSeconds(10),
          () -> "close() did not start waiting for the worker");
      List<CompletableFuture<?>> queued = List.of(service.channels(), service.subscribe(unserved),
          service.moderation().lists());
      release.countDown();
      closing.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(closing.isAlive()).isFalse();

      assertThat(busy).succeedsWithin(Duration.ofSeconds(1));
      for (CompletableFuture<?> request : List.of(catchingUp, queued.get(0), queued.get(1), queued.get(2))) {
        assertThat(request).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
            .isInstanceOfSatisfying(ChannelException.class, e -> {
              assertThat(e.refusal()).isEqualTo(ChannelException.Refusal.UNAVAILABLE);
              assertThat(e.getMessage()).isEqualTo("the node is shutting down");
            });
      }
      // and what is asked afterwards is answered the same way at once
      assertThat(service.channels()).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
          .isInstanceOf(ChannelException.class).withMessage("the node is shutting down");
      assertThat(service.awaitManifest(unserved)).failsWithin(Duration.ofSeconds(1));
    }
  }
}
