package dev.samizdat.node.channels;

import static dev.samizdat.node.channels.ChannelReplicationTest.await;
import static dev.samizdat.node.channels.ChannelReplicationTest.awaitHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.node.messaging.memory.InMemoryNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blocklists and reports between real nodes on loopback. */
@Timeout(120)
class ModerationTest {
  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();

  private TestNode node(String name, InMemoryFeedDirectory dht) throws Exception {
    TestNode node = new TestNode(dir.resolve(name), dht);
    nodes.add(node);
    return node;
  }

  private void closeAll() throws Exception {
    for (TestNode node : nodes) {
      node.close();
    }
  }

  @Test
  void aBlockHidesForHidersDropsForDroppersAndLeavesOthersAlone() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try {
      TestNode author = node("author", dht);
      TestNode moderator = node("moderator", dht);
      TestNode hider = node("hider", dht);
      TestNode dropper = node("dropper", dht);
      TestNode bystander = node("bystander", dht);
      FeedId channel = author.service.createChannel("propaganda", "").get(10, TimeUnit.SECONDS).id();
      author.service.post(channel, "hello").get(10, TimeUnit.SECONDS);
      FeedId list = moderator.service.moderation().createList("community list", "").get(10, TimeUnit.SECONDS).id();
      for (TestNode n : List.of(hider, dropper, bystander)) {
        n.service.subscribe(channel).get(20, TimeUnit.SECONDS);
        awaitHead(n, channel, 1);
      }
      hider.service.moderation().follow(list, Action.HIDE, Set.of(), 1).get(20, TimeUnit.SECONDS);
      dropper.service.moderation().follow(list, Action.DROP, Set.of(Category.TERRORISM), 1).get(20, TimeUnit.SECONDS);

      var target = ChannelText.target("channel:" + ChannelText.id(channel));
      long sequence = moderator.service.moderation().addRule(list, target, Category.TERRORISM, "recruits for a group",
          Action.DROP, 0, false).get(10, TimeUnit.SECONDS);

      await(() -> page(hider, channel).posts().isEmpty(), Duration.ofSeconds(30), () -> "hider still sees the post");
      Views.ChannelPage hidden = page(hider, channel);
      assertThat(hidden.hidden()).isEqualTo(1);
      assertThat(hidden.decision().action()).contains(Action.HIDE);
      Decision why = hider.service.moderation().why(target).get(10, TimeUnit.SECONDS).decision();
      assertThat(why.action()).contains(Action.HIDE);
      assertThat(why.source()).isEqualTo(Decision.Source.LISTS);
      assertThat(why.reasons()).singleElement().satisfies(reason -> {
        assertThat(reason.list()).isEqualTo(list);
        assertThat(reason.entrySequence()).isEqualTo(sequence);
        assertThat(reason.category()).isEqualTo(Category.TERRORISM);
        assertThat(reason.recommended()).isEqualTo(Action.DROP);
        assertThat(reason.applied()).isEqualTo(Action.HIDE);
        assertThat(reason.reason()).isEqualTo("recruits for a group");
      });

      await(() -> dropper.service.store.headSequence(channel) < 0, Duration.ofSeconds(30),
          () -> "the dropper still stores the channel");
      // a third node that can reach only the dropper gets nothing from it
      InMemoryFeedDirectory onlyDropper = new InMemoryFeedDirectory();
      onlyDropper.forNode(dropper.peerId(), dropper.host::listenAddresses).provide(channel).join();
      TestNode third = node("third", onlyDropper);
      third.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      Thread.sleep(1500);
      assertThat(third.service.store.headSequence(channel)).isEqualTo(-1);

      assertThat(page(bystander, channel).posts()).extracting(p -> p.content().text()).containsExactly("hello");
      assertThat(bystander.service.moderation().why(target).get(10, TimeUnit.SECONDS).decision()).isEqualTo(Decision.SHOWN);

      dropper.service.moderation().unfollow(list).get(10, TimeUnit.SECONDS);
      awaitHead(dropper, channel, 1);
      assertThat(page(dropper, channel).posts()).hasSize(1);

      moderator.service.moderation().retract(list, target, "it was satire").get(10, TimeUnit.SECONDS);
      await(() -> page(hider, channel).posts().size() == 1, Duration.ofSeconds(30),
          () -> "the retraction did not reach the hider");
      assertThat(hider.service.moderation().why(target).get(10, TimeUnit.SECONDS).decision()).isEqualTo(Decision.SHOWN);
      long head = moderator.service.store.headSequence(list);
      assertThatThrownBy(() -> moderator.service.moderation().retract(list, target, "again").get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ChannelException.class).hasMessageContaining("nothing to retract");
      assertThat(moderator.service.store.headSequence(list)).as("nothing published").isEqualTo(head);
    } finally {
      closeAll();
    }
  }

  @Test
  void aReportTravelsEncryptedToTheModeratorAndLeadsToAPublishedBlock() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    InMemoryNetwork network = new InMemoryNetwork();
    try {
      TestNode author = node("author", dht);
      TestNode moderator = node("moderator", dht).withMessaging(network);
      TestNode reporter = node("reporter", dht).withMessaging(network);
      FeedId channel = author.service.createChannel("scams", "").get(10, TimeUnit.SECONDS).id();
      author.service.post(channel, "send me your keys").get(10, TimeUnit.SECONDS);
      FeedId list = moderator.service.moderation().createList("anti-scam", "").get(10, TimeUnit.SECONDS).id();
      reporter.service.subscribe(channel).get(20, TimeUnit.SECONDS);
      reporter.service.moderation().follow(list, Action.HIDE, Set.of(), 1).get(20, TimeUnit.SECONDS);

      var target = ChannelText.target("channel:" + ChannelText.id(channel));
      reporter.service.moderation().report(target, list, Category.SCAM, "asks for keys", false)
          .get(10, TimeUnit.SECONDS);
      await(() -> !moderator.events.reports.isEmpty(), Duration.ofSeconds(30), () -> "no report arrived");
      // the report went through the encrypted direct-message protocol, never through a feed
      assertThat(network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID)).isPositive();
      assertThat(moderator.service.store.headSequence(list)).isZero();

      List<Views.ReportItem> queue = moderator.service.moderation().desk().items(Optional.empty())
          .get(10, TimeUnit.SECONDS);
      assertThat(queue).singleElement().satisfies(item -> {
        assertThat(item.item().reporterCount()).isEqualTo(1);
        assertThat(item.item().reports().get(0).note()).isEqualTo("asks for keys");
        assertThat(item.item().reports().get(0).reporter()).isEqualTo(reporter.identity.publicKey());
      });
      long sequence = moderator.service.moderation().desk().resolve(queue.get(0).id(), ReviewDesk.Resolution.BLOCK,
          Optional.empty(), Optional.empty(), Optional.empty()).get(10, TimeUnit.SECONDS).orElseThrow();
      FeedEntry block = moderator.service.store.entry(list, sequence).orElseThrow();
      assertThat(block.contentType()).isEqualTo(ContentType.BLOCK);
      BlockRule rule = BlockRule.decode(block.body());
      assertThat(rule.target()).contains(target.target().get());
      assertThat(rule.category()).isEqualTo(Category.SCAM);
      assertThat(rule.reason()).as("what the reporters said").isEqualTo("reported by 1 user as scam (1)");

      await(() -> page(reporter, channel).posts().isEmpty(), Duration.ofSeconds(30),
          () -> "the block did not reach the reporter");
      assertThat(moderator.service.moderation().desk().items(Optional.of(list)).get(10, TimeUnit.SECONDS))
          .singleElement().satisfies(item -> assertThat(item.item().status().name()).isEqualTo("BLOCKED"));
    } finally {
      closeAll();
    }
  }

  private static Views.ChannelPage page(TestNode node, FeedId channel) {
    try {
      return node.service.read(channel, -1, 100).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aListsRuleOnAPostWhoseIdIsNoPostsIsAppliedWithoutBreakingWhatFollowsIt() throws Exception {
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try {
      TestNode moderator = node("moderator", dht);
      TestNode follower = node("follower", dht);
      FeedId list = moderator.service.moderation().createList("odd rules", "").get(10, TimeUnit.SECONDS).id();
      follower.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
      // Target ids are 1..64 bytes of any kind; a post's is a channel key and a sequence (40 bytes).
      Target shortPost = new Target(Target.Kind.POST, new byte[] {1, 2, 3});
      moderator.service.moderation().addRule(list, new ChannelText.TargetRef(Optional.of(shortPost),
          shortPost.digest()), Category.SPAM, "", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);

      awaitHead(follower, list, 1);
      await(() -> follower.events.syncs.stream().anyMatch(s -> s.channel().equals(list) && s.have() == 2),
          Duration.ofSeconds(10), () -> "the follower's handling of the rule stopped before it ended");
    } finally {
      closeAll();
    }
  }
}
