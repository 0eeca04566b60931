package dev.samizdat.node.channels;

import static dev.samizdat.node.channels.ChannelReplicationTest.await;
import static dev.samizdat.node.channels.ChannelReplicationTest.awaitHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import dev.samizdat.node.messaging.memory.InMemoryNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What community lists may not decide for a user: their own feeds, the lists they follow, their contacts, appeals. */
@Timeout(120)
class PolicyExemptionsTest {
  @TempDir Path dir;
  private final InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
  private final List<TestNode> nodes = new ArrayList<>();

  private TestNode node(String name) throws Exception {
    TestNode node = new TestNode(dir.resolve(name), dht);
    nodes.add(node);
    return node;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (TestNode node : nodes) {
      node.close();
    }
  }

  @Test
  void aListThatDropsAListTheUserFollowsOrItselfDoesNotFreezeItOnTheirNode() throws Exception {
    TestNode moderator = node("moderator");
    TestNode rival = node("rival");
    TestNode follower = node("follower");
    FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
    FeedId rivalList = rival.service.moderation().createList("second list", "").get(10, TimeUnit.SECONDS).id();
    var first = ChannelText.target("peer:" + node("spammer").peerId());
    rival.service.moderation().addRule(rivalList, first, Category.SPAM, "floods", Action.HIDE, 0, false)
        .get(10, TimeUnit.SECONDS);
    follower.service.moderation().follow(rivalList, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
    follower.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
    awaitHead(follower, rivalList, 1);

    for (FeedId dropped : List.of(rivalList, list)) {
      moderator.service.moderation().addRule(list, ChannelText.target("channel:" + ChannelText.id(dropped)),
          Category.OTHER, "rival", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);
    }
    awaitHead(follower, list, 2);
    assertThat(follower.service.store.headSequence(rivalList)).as("the rival list is kept").isEqualTo(1);
    Moderation.Explanation why = follower.service.moderation()
        .why(ChannelText.target("channel:" + ChannelText.id(rivalList))).get(10, TimeUnit.SECONDS);
    assertThat(why.decision()).isEqualTo(Decision.SHOWN);
    assertThat(why.exemption()).contains(Moderation.Exemption.FOLLOWED_LIST);
    assertThat(why.setAside().action()).as("what the list says, set aside").contains(Action.DROP);

    // both lists still change the follower's policy: a retraction arrives and applies
    rival.service.moderation().retract(rivalList, first, "settled").get(10, TimeUnit.SECONDS);
    awaitHead(follower, rivalList, 2);
    var later = ChannelText.target("peer:" + node("another").peerId());
    moderator.service.moderation().addRule(list, later, Category.SPAM, "floods too", Action.HIDE, 0, false)
        .get(10, TimeUnit.SECONDS);
    awaitHead(follower, list, 3);
    assertThat(follower.service.moderation().why(first).get(10, TimeUnit.SECONDS).decision()).isEqualTo(Decision.SHOWN);
    assertThat(follower.service.moderation().why(later).get(10, TimeUnit.SECONDS).decision().action())
        .contains(Action.HIDE);
  }

  @Test
  void anAuthorStillReadsHerOwnChannelWhenAListSheFollowsDropsIt() throws Exception {
    TestNode author = node("author");
    TestNode moderator = node("moderator");
    FeedId channel = author.service.createChannel("bulletin", "").get(10, TimeUnit.SECONDS).id();
    author.service.post(channel, "mine").get(10, TimeUnit.SECONDS);
    FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
    moderator.service.moderation().addRule(list, ChannelText.target("channel:" + ChannelText.id(channel)),
        Category.SPAM, "floods", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);
    moderator.service.moderation().addRule(list, ChannelText.target("peer:" + author.peerId()),
        Category.SPAM, "floods", Action.DROP, 0, false).get(10, TimeUnit.SECONDS);

    author.service.moderation().follow(list, Action.DROP, Set.of(), 1).get(20, TimeUnit.SECONDS);
    awaitHead(author, list, 2);

    Views.ChannelPage page = author.service.read(channel, -1, 10).get(10, TimeUnit.SECONDS);
    assertThat(page.posts()).extracting(p -> p.content().text()).containsExactly("mine");
    assertThat(page.hidden()).isZero();
    assertThat(page.decision()).isEqualTo(Decision.SHOWN);
    Moderation.Explanation why = author.service.moderation().why(ChannelText.target("post:" + ChannelText.id(channel)
        + "/1")).get(10, TimeUnit.SECONDS);
    assertThat(why.decision()).isEqualTo(Decision.SHOWN);
    assertThat(why.exemption()).contains(Moderation.Exemption.OWN);
    assertThat(why.setAside().action()).as("what the list says, set aside").contains(Action.DROP);
  }

  @Test
  void aPreviewShowsThePostsAndFilesAListWouldActOnNotOnlyWholeChannels() throws Exception {
    TestNode author = node("author");
    TestNode moderator = node("moderator");
    TestNode reader = node("reader");
    FeedId channel = author.service.createChannel("bulletin", "").get(10, TimeUnit.SECONDS).id();
    author.service.post(channel, "first").get(10, TimeUnit.SECONDS);
    var withFile = author.service.post(channel, "see attached", List.of(new ChannelService.Attachment(
        "scan".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain", "scan.txt"))).get(10, TimeUnit.SECONDS);
    var file = withFile.content().attachments().get(0).id();
    reader.service.subscribe(channel).get(20, TimeUnit.SECONDS);
    awaitHead(reader, channel, 2);
    FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
    String post = "post:" + ChannelText.id(channel) + "/1";
    String blob = ChannelText.target(new dev.samizdat.channels.policy.Target(
        dev.samizdat.channels.policy.Target.Kind.BLOB, file.toBytes()));
    moderator.service.moderation().addRule(list, ChannelText.target(post), Category.SPAM, "spam", Action.HIDE, 0, false)
        .get(10, TimeUnit.SECONDS);
    moderator.service.moderation().addRule(list, ChannelText.target(blob), Category.OTHER, "leak", Action.DROP, 0, false)
        .get(10, TimeUnit.SECONDS);

    Moderation.Preview preview = reader.service.moderation().preview(list, Action.DROP, Set.of())
        .get(30, TimeUnit.SECONDS);
    assertThat(preview.list().name()).isEqualTo("house rules");
    assertThat(preview.affected()).extracting(Views.Affected::target, Views.Affected::name).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(post, "bulletin #1"),
        org.assertj.core.groups.Tuple.tuple(blob, "bulletin #2: scan.txt"));
    assertThat(reader.service.moderation().preview(list, Action.DROP, Set.of(Category.SPAM)).get(30, TimeUnit.SECONDS)
        .affected()).extracting(Views.Affected::target).containsExactly(post);
    assertThat(reader.service.holds(list)).as("forgotten after the preview").isFalse();
  }

  @Test
  void aContactIsHeardDespiteAListAndABlockedPeersAppealReachesTheModerator() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    TestNode moderator = node("moderator").withMessaging(network);
    TestNode reader = node("reader").withMessaging(network);
    TestNode friend = node("friend").withMessaging(network);
    TestNode stranger = node("stranger").withMessaging(network);
    // A stranger whose first message was taken becomes an unnamed contact: not one the user chose.
    stranger.messaging.send(reader.peerId(), "hello");
    await(() -> inboxTexts(reader).contains("hello"), Duration.ofSeconds(30), () -> "the first message was not taken");
    FeedId list = moderator.service.moderation().createList("house rules", "").get(10, TimeUnit.SECONDS).id();
    for (TestNode blocked : List.of(friend, stranger)) {
      moderator.service.moderation().addRule(list, ChannelText.target("peer:" + blocked.peerId()), Category.SPAM,
          "floods", Action.HIDE, 0, false).get(10, TimeUnit.SECONDS);
    }
    reader.service.moderation().follow(list, Action.HIDE, Set.of(), 1).get(20, TimeUnit.SECONDS);
    moderator.service.moderation().follow(list, Action.HIDE, Set.of(), 1).get(20, TimeUnit.SECONDS);
    awaitHead(reader, list, 2);
    reader.messaging.addContact(friend.peerId(), "Friend");

    MessageId fromStranger = stranger.messaging.send(reader.peerId(), "buy now");
    MessageId fromFriend = friend.messaging.send(reader.peerId(), "it's me");
    await(() -> inboxTexts(reader).contains("it's me"), Duration.ofSeconds(30), () -> "the contact was not heard: "
        + friend.messaging.message(fromFriend) + " reader sees " + inboxTexts(reader));
    await(() -> stranger.messaging.message(fromStranger).map(MessageView::state).orElseThrow() == MessageState.DELIVERED,
        Duration.ofSeconds(30), () -> "the stranger's message was not taken");
    assertThat(inboxTexts(reader)).as("dropped unseen").doesNotContain("buy now");
    Moderation.Explanation aboutFriend = reader.service.moderation()
        .why(ChannelText.target("peer:" + friend.peerId())).get(10, TimeUnit.SECONDS);
    assertThat(aboutFriend.decision().action()).as("still for their posts").contains(Action.HIDE);
    assertThat(aboutFriend.exemption()).contains(Moderation.Exemption.CHOSEN_CONTACT);
    assertThat(reader.service.moderation().why(ChannelText.target("peer:" + stranger.peerId()))
        .get(10, TimeUnit.SECONDS).exemption()).isEmpty();
    // A contact removed is a stranger again: the lists decide about them, and their messages.
    reader.messaging.removeContact(friend.peerId());
    assertThat(reader.service.moderation().why(ChannelText.target("peer:" + friend.peerId()))
        .get(10, TimeUnit.SECONDS).exemption()).isEmpty();
    MessageId afterRemoval = friend.messaging.send(reader.peerId(), "still me");
    await(() -> friend.messaging.message(afterRemoval).map(MessageView::state).orElseThrow() == MessageState.DELIVERED,
        Duration.ofSeconds(30), () -> "the message after the removal was not taken");
    assertThat(inboxTexts(reader)).as("dropped unseen").doesNotContain("still me");

    var target = ChannelText.target("peer:" + friend.peerId());
    friend.service.moderation().report(target, list, Category.OTHER, "a mistake", true).get(20, TimeUnit.SECONDS);
    await(() -> !moderator.events.reports.isEmpty(), Duration.ofSeconds(30), () -> "the appeal did not arrive");
    // an appeal against what the list does not block is refused before it leaves, list held or not
    assertThat(stranger.service.holds(list)).isFalse();
    assertThat(stranger.service.moderation().report(ChannelText.target("peer:" + reader.peerId()), list,
        Category.OTHER, "why?", true)).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
        .withMessageContaining("does not block peer:" + reader.peerId() + ": there is nothing to appeal");
    assertThat(stranger.service.holds(list)).as("forgotten again").isFalse();
    assertThat(moderator.service.moderation().desk().items(Optional.of(list)).get(10, TimeUnit.SECONDS))
        .singleElement().satisfies(item -> assertThat(item.id()).startsWith("a"));
  }

  private static List<String> inboxTexts(TestNode node) {
    return node.messaging.inbox(new InboxFilter(Optional.empty(), Optional.empty(), 100)).stream()
        .map(MessageView::body).toList();
  }
}
