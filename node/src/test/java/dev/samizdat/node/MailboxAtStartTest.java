package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.node.channels.ChannelService;
import dev.samizdat.node.channels.ChannelSettings;
import dev.samizdat.node.channels.ChannelText;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What waits in the mailboxes for a node that was offline meets, when it starts, the same review desk
 * and policy as what arrives while it runs: the node takes nothing before its services are in place.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MailboxAtStartTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path root;

  @Test
  void aReportAndABlockedPeersMessageLeftForAnOfflineModeratorMeetItsDeskAndItsPolicyAtStart() throws Exception {
    try (TestNodes nodes = new TestNodes(root)) {
      Node seed = nodes.start("seed", List.of());
      Node helper = nodes.start("helper", seed.listenAddresses());
      ChannelsNodeService moderatorChannels = channels();
      Node moderator = nodes.start("moderator", 0, seed.listenAddresses(), List.of(moderatorChannels));
      ChannelsNodeService userChannels = channels();
      Node user = nodes.start("user", 0, seed.listenAddresses(), List.of(userChannels));

      // The moderator's own list drops the user; the moderator follows it, the user holds it too.
      ChannelService desk = moderatorChannels.service();
      FeedId list = desk.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
      var userTarget = ChannelText.target("peer:" + user.peerId().toBase58());
      desk.moderation().addRule(list, userTarget, Category.SPAM,
          "floods", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);
      desk.moderation().follow(list, Action.DROP, Set.of(), 1).get(10, TimeUnit.SECONDS);
      userChannels.service().moderation().follow(list, Action.HIDE, Set.of(), 1).get(20, TimeUnit.SECONDS);
      TestNodes.await("the user holding the list's rule", WAIT, () -> userChannels.service().moderation()
          .why(userTarget).join().decision().action().isPresent());

      var moderatorId = moderator.peerId();
      int moderatorPort = TestNodes.port(moderator);
      nodes.stop(moderator);

      // A blocked peer may still appeal: its appeal goes to the desk, its message nowhere.
      userChannels.service().moderation().report(userTarget, list, Category.OTHER, "I never flooded anyone", true)
          .get(20, TimeUnit.SECONDS);
      TestNodes.await("the appeal in a mailbox", WAIT,
          () -> seed.messaging().mailboxBytesHeld() + helper.messaging().mailboxBytesHeld() > 0);
      MessageId message = user.messaging().send(moderatorId, "buy now");
      TestNodes.await("the message in a mailbox", WAIT,
          () -> user.messaging().message(message).orElseThrow().state() == MessageState.SENT_TO_MAILBOX);

      ChannelsNodeService restartedChannels = channels();
      Node restarted = nodes.start("moderator", moderatorPort, seed.listenAddresses(), List.of(restartedChannels));
      TestNodes.await("the mailboxes collected", WAIT,
          () -> seed.messaging().mailboxBytesHeld() + helper.messaging().mailboxBytesHeld() == 0);
      assertThat(restartedChannels.service().moderation().desk().items(Optional.of(list)).get(10, TimeUnit.SECONDS))
          .as("the appeal is in the review queue").singleElement()
          .satisfies(item -> assertThat(item.item().reports().get(0).note()).isEqualTo("I never flooded anyone"));
      assertThat(restarted.messaging().inbox(InboxFilter.all())).as("the dropped peer's message").isEmpty();
    }
  }

  private static ChannelsNodeService channels() {
    return new ChannelsNodeService(ChannelSettings.DEFAULTS.withPullInterval(Duration.ofSeconds(1)));
  }
}
