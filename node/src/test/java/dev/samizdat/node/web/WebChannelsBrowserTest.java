package dev.samizdat.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Channels and moderation through the browser, with real nodes on loopback: Alice writes a
 * channel, Bob reads it, Carol moderates a blocklist that Bob may follow.
 */
class WebChannelsBrowserTest {
  @TempDir Path temp;
  private final List<TestNode> nodes = new java.util.ArrayList<>();
  private final List<ChromeDriver> browsers = new java.util.ArrayList<>();
  private Ui alice;
  private Ui bob;
  private Ui carol;

  @BeforeEach
  void start() throws Exception {
    TestNode seed = node("seed", List.of());
    alice = open(node("alice", seed.bootstrapAddresses()));
    bob = open(node("bob", seed.bootstrapAddresses()));
    carol = open(node("carol", seed.bootstrapAddresses()));
  }

  @AfterEach
  void stop() {
    browsers.forEach(ChromeDriver::quit);
    nodes.forEach(TestNode::close);
  }

  @Test
  void aChannelCreatedInOneBrowserIsReadInAnotherAndItsPostsArriveLive() throws Exception {
    String channelId = createChannel(alice, "Town news");
    String link = alice.text(".channel-header .mono");
    assertThat(link).isEqualTo("samizdat:channel/" + channelId);

    subscribe(bob, link, "Town news");
    assertThat(bob.find("#posts").getText()).contains("No posts yet");

    publish(alice, "Market opens at nine tomorrow.");
    // Bob's page is not reloaded: the post comes over the event stream.
    bob.waitForText("#posts .post", "Market opens at nine tomorrow.");
    bob.until(b -> b.findElement(By.id("serving")).getText().matches("Served by [1-9]\\d* peers?") ? true : null);
    Chromium.screenshot(bob.browser(), "channel");

    // A file posted from the browser: the reader's browser gets its bytes through the download link.
    byte[] timetable = "line 1: 9:00, 9:30\nline 2: 9:15\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(temp.resolve("timetable.txt"), timetable);
    alice.type("#post-form textarea", "The new timetable.");
    alice.find("#post-form input[type=file]").sendKeys(file.toString());
    alice.click("#post-form button[type=submit]");
    alice.waitForText("#posts .post", "timetable.txt");
    bob.waitForText("#posts .post", "timetable.txt");
    Object fetched = bob.browser().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(document.querySelector('#posts .attachments a').href).then((r) => r.text()).then(done);");
    assertThat(fetched).isEqualTo(new String(timetable, StandardCharsets.UTF_8));

    // Edited in place, lines and all.
    alice.clickWithin("#posts .post", "Market opens at nine tomorrow.", "button.edit-post");
    alice.type("#posts .post-editor textarea", "Market opens at ten tomorrow.\nBring your own bags.");
    alice.click("#posts .post-editor button[type=submit]");
    alice.waitForText("#posts .post .text", "Market opens at ten tomorrow.\nBring your own bags.");
    // Nobody reports their own channel or posts; the reader can.
    assertThat(alice.nothingShown("button.report")).isTrue();
    assertThat(bob.find("#posts .post button.report").isDisplayed()).isTrue();
    bob.until(b -> {
      b.navigate().refresh();
      return b.findElement(By.id("posts")).getText().contains("Market opens at ten tomorrow.") ? true : null;
    });

    publish(alice, "Wrong date, sorry.");
    bob.waitForText("#posts .post", "Wrong date, sorry.");
    alice.clickWithin("#posts .post", "Wrong date, sorry.", "button.delete-post");
    alice.acceptConfirm();
    alice.waitForText("#toast", "deleted");
    assertThat(alice.find("#posts").getText()).doesNotContain("Wrong date").contains("Market opens at ten");
    bob.until(b -> {
      b.navigate().refresh();
      String shown = b.findElement(By.id("posts")).getText();
      return shown.contains("Market opens at ten") && !shown.contains("Wrong date") ? true : null;
    });

    // The author destroys the channel on her node, once confirmed; the reader keeps what he holds.
    assertThat(bob.nothingShown("button[name=destroy-channel]")).isTrue();
    alice.click("button[name=destroy-channel]");
    alice.acceptConfirm();
    alice.waitForText("#toast", "Destroyed Town news on this node");
    alice.waitForText("#channel-list", "No channels yet.");
    bob.browser().navigate().refresh();
    bob.waitForText("#posts .post", "Market opens at ten tomorrow.");
  }

  @Test
  void aFollowedBlocklistHidesTheChannelWithItsReasonUntilUnfollowed() throws Exception {
    String channelId = createChannel(alice, "Giveaways");
    subscribe(bob, alice.text(".channel-header .mono"), "Giveaways");
    String listLink = createList(carol, "Spam watch");
    addRule(carol, "channel:" + channelId, "scam", "crypto giveaway scam");

    bob.show("blocklists");
    bob.type("#follow-form input[name=link]", listLink);
    new Select(bob.find("#follow-form select[name=action]")).selectByValue("hide");
    bob.click("#follow-form button.secondary");
    bob.until(b -> b.findElement(By.id("follow-preview")).getText().contains("Giveaways") ? true : null);
    bob.click("#follow-form button[type=submit]");
    bob.waitForText("#followed-lists .list", "Spam watch");

    bob.show("channels");
    bob.find("#hidden-channels").findElement(By.tagName("summary")).click();
    String hidden = bob.textOf("#hidden-channels .hidden-channel", "Giveaways");
    assertThat(hidden).contains("Spam watch", "crypto giveaway scam", "scam");
    assertThat(bob.find("#channel-list").getText()).doesNotContain("Giveaways");
    Chromium.screenshot(bob.browser(), "blocklist-why");

    bob.show("blocklists");
    bob.clickWithin("#followed-lists .list", "Spam watch", "button");
    bob.waitUntilGone("#followed-lists .list", "Spam watch");
    bob.show("channels");
    bob.waitForText("#channel-list .channel", "Giveaways");
    assertThat(bob.browser().findElement(By.id("hidden-channels")).isDisplayed()).isFalse();

    carol.show("blocklists");
    carol.clickWithin("#own-lists .list", "Spam watch", "button[name=destroy-list]");
    carol.acceptConfirm();
    carol.waitForText("#toast", "Destroyed Spam watch on this node");
    carol.waitForText("#own-lists", "You moderate no list.");
  }

  @Test
  void aReportedPostReachesTheModeratorsDeskAndTheBlockTakesEffect() throws Exception {
    String channelId = createChannel(alice, "Marketplace");
    subscribe(bob, alice.text(".channel-header .mono"), "Marketplace");
    publish(alice, "Fresh bread at the corner shop.");
    publish(alice, "FREE COINS: send your wallet words here");
    String listLink = createList(carol, "Spam watch");
    subscribe(carol, alice.text(".channel-header .mono"), "Marketplace");

    // Bob reports the second post to Carol's list, by its link.
    bob.clickWithin("#posts .post", "FREE COINS", "button.report");
    bob.type("#report-dialog input[name=other]", listLink);
    new Select(bob.find("#report-dialog select[name=category]")).selectByValue("spam");
    bob.type("#report-dialog textarea[name=note]", "asks for wallet seed words");
    bob.click("#report-dialog button[type=submit]");
    bob.waitForText("#toast", "Report sent");

    // Bob reports the whole channel too.
    bob.click(".channel-header button.report");
    bob.type("#report-dialog input[name=other]", listLink);
    bob.click("#report-dialog button[type=submit]");
    bob.waitForText("#toast", "Report sent");

    // Carol's desk shows it, grouped by target, with the content; she blocks it in one click.
    carol.show("desk");
    String item = carol.textOf("#review-queue .queue-item", "post:" + channelId + "/2");
    assertThat(item).contains("spam", "asks for wallet seed words", "FREE COINS").contains("1 report")
        .doesNotContain("Appeal");
    // The whole channel, which Carol holds: said so, with its name, not "not on this node".
    assertThat(carol.textOf("#review-queue .queue-item", "channel:" + channelId))
        .contains("The whole channel Marketplace").doesNotContain("not on this node");
    // The public reason is the moderator's to write; every field says what it is.
    var reason = carol.find("#review-queue .queue-item input[name=reason]");
    assertThat(reason.getAttribute("value")).isEmpty();
    assertThat(reason.getAttribute("placeholder")).isNotBlank();
    assertThat(carol.text("#review-queue .queue-item")).contains("Action for followers", "Category", "Public reason");
    assertThat(Ui.unlabelledFields(carol.browser())).isEmpty();
    Chromium.screenshot(carol.browser(), "desk");
    // The reporter said spam; the moderator files it as a scam, and the block says so.
    new Select(carol.find("#review-queue .queue-item select[name=category]")).selectByValue("scam");
    carol.clickWithin("#review-queue .queue-item", "post:" + channelId + "/2", "button.block");
    carol.waitForText("#list-history", "blocked post:" + channelId + "/2 — scam");
    carol.clickWithin("#review-queue .queue-item", "channel:" + channelId, "button.dismiss");
    carol.waitForText("#review-queue", "Nothing to review");
    // Each entry carries its own number, once.
    assertThat(carol.text("#list-history .history-entry")).startsWith("#1 blocked");
    assertThat(carol.browser().findElements(By.cssSelector("#list-history ol"))).isEmpty();

    // Bob follows the list: the blocked post is gone from the channel, the other stays.
    bob.show("blocklists");
    bob.type("#follow-form input[name=link]", listLink);
    bob.click("#follow-form button[type=submit]");
    bob.waitForText("#followed-lists .list", "Spam watch");
    bob.show("channels/" + channelId);
    bob.until(b -> b.findElement(By.id("posts")).getText().contains("FREE COINS") ? null : true);
    assertThat(bob.text("#posts")).contains("Fresh bread at the corner shop.");
    assertThat(bob.text("#hidden-count")).contains("1 post hidden");

    // Followed with "warn" instead, the post is shown behind the reason, and opens on request.
    bob.show("blocklists");
    bob.clickWithin("#followed-lists .list", "Spam watch", "button");
    bob.waitUntilGone("#followed-lists .list", "Spam watch");
    bob.type("#follow-form input[name=link]", listLink);
    new Select(bob.find("#follow-form select[name=action]")).selectByValue("warn");
    bob.click("#follow-form button[type=submit]");
    bob.waitForText("#followed-lists .list", "warn");
    bob.show("channels/" + channelId);
    String warning = bob.textOf("#posts .post", "Warning from your blocklists");
    assertThat(warning).contains("Spam watch", "spam").doesNotContain("FREE COINS");
    bob.clickWithin("#posts .post", "Warning from your blocklists", "button.reveal");
    bob.waitForText("#posts .post .revealed", "FREE COINS: send your wallet words here");
  }

  @Test
  void anAppealReachesTheDeskWhereGrantingItLiftsTheBlockAndABlockCanBeRetracted() throws Exception {
    String channelId = createChannel(alice, "Giveaways");
    publish(alice, "Win a bicycle: tell us your favourite route.");
    String channelLink = alice.text(".channel-header .mono");
    subscribe(bob, channelLink, "Giveaways");
    String listLink = createList(carol, "Spam watch");
    addRule(carol, "channel:" + channelId, "scam", "crypto giveaway scam");
    addRule(carol, "post:" + channelId + "/9", "spam", "a test entry");
    follow(bob, listLink);

    // The hidden channel can be opened from the list of hidden ones; its page says why and offers an appeal.
    bob.show("channels");
    bob.find("#hidden-channels summary").click();
    bob.clickWithin("#hidden-channels .hidden-channel", "Giveaways", "a");
    bob.waitForText("#channel-hidden", "crypto giveaway scam");
    assertThat(bob.browser().findElement(By.id("posts")).getText()).doesNotContain("No posts yet");
    bob.click("#channel-hidden button.report");
    bob.click("#report-dialog input[name=appeal]");
    assertThat(bob.text("#report-title")).isEqualTo("Appeal");
    bob.type("#report-dialog textarea[name=note]", "it is a real bicycle shop");
    bob.click("#report-dialog button[type=submit]");
    bob.waitForText("#toast", "Appeal sent");

    // The desk shows an appeal as one, with Grant and Dismiss, not Block.
    carol.show("desk");
    String appeal = carol.textOf("#review-queue .queue-item.appeal", "channel:" + channelId);
    assertThat(appeal).contains("Appeal", "lift the block", "it is a real bicycle shop").doesNotContain("report");
    assertThat(carol.nothingShown("#review-queue .queue-item.appeal button.block")).isTrue();
    carol.type("#review-queue .queue-item.appeal input[name=reason]", "a real shop after all");
    carol.click("#review-queue .queue-item.appeal button.grant");
    carol.waitForText("#toast", "Granted");
    carol.waitForText("#review-queue", "Nothing to review");
    assertThat(carol.textOf("#list-history .history-entry", "retracted channel:" + channelId))
        .contains("a real shop after all");
    assertThat(carol.textOf("#list-history .history-entry", "blocked channel:" + channelId))
        .contains("no longer in force");

    // A block in force is retracted from the list's history, with its reason.
    carol.clickWithin("#list-history .history-entry", "blocked post:" + channelId + "/9", "details summary");
    carol.type("#list-history .retract-form input[name=reason]", "entered by mistake");
    carol.click("#list-history .retract-form button[type=submit]");
    assertThat(carol.textOf("#list-history .history-entry", "retracted post:" + channelId + "/9"))
        .contains("entered by mistake");
    assertThat(carol.nothingShown("#list-history .retract")).isTrue();

    // Bob's channel is back once the retraction reached his node.
    bob.until(b -> {
      b.navigate().refresh();
      return b.findElements(By.cssSelector("#posts .post")).isEmpty() ? null : true;
    });
    assertThat(bob.text("#posts")).contains("Win a bicycle");

    // A list's link pasted where a channel's goes gets a plain sentence, not a command to type.
    bob.show("channels");
    bob.type("#subscribe-form input[name=link]", listLink);
    bob.click("#subscribe-form button[type=submit]");
    assertThat(bob.waitForText("#toast", "not a channel").getText()).contains("follow it under Blocklists")
        .doesNotContain("samizdat blocklist");
  }

  @Test
  void earlierPostsLoadOnRequestSoThatTheAuthorCanEditAnOldOne() throws Exception {
    String channelId = createChannel(alice, "Almanac");
    for (int day = 1; day <= 203; day++) {
      Object posted = alice.api("POST", "/api/channels/" + channelId + "/posts", "{\"text\":\"day " + day + "\"}");
      assertThat(posted.toString()).contains("sequence");
    }
    alice.show("channels/" + channelId);
    alice.waitForText("#posts .post", "day 203");
    assertThat(alice.text("#earlier-count")).contains("3 earlier posts not shown");
    assertThat(alice.text(".channel-header")).contains("203 posts");
    assertThat(alice.find("#posts").getText()).doesNotContain("day 1\n");
    alice.click("button.load-earlier");
    alice.waitForText("#posts .post[data-sequence='1']", "day 1");
    assertThat(alice.nothingShown("#earlier-count")).isTrue();

    // The oldest post, edited in place; an empty text is refused by the form in plain words.
    alice.clickWithin("#posts .post[data-sequence='1']", "day 1", "button.edit-post");
    alice.find("#posts .post-editor textarea").clear();
    alice.click("#posts .post-editor button[type=submit]");
    assertThat(alice.waitForText("#toast", "cannot be empty").getText()).doesNotContain("'text'");
    alice.type("#posts .post-editor textarea", "day 1: the almanac begins");
    alice.click("#posts .post-editor button[type=submit]");
    alice.waitForText("#posts .post[data-sequence='1'] .text", "day 1: the almanac begins");
  }

  @Test
  void aWarnedChannelHasOneWarningAndAFileNoPeerCanGiveSaysWhy() throws Exception {
    String channelId = createChannel(alice, "Photos");
    Path photo = Files.write(temp.resolve("harbour.jpg"), new byte[4 << 20]);
    alice.type("#post-form textarea", "The harbour at dawn.");
    alice.attach("#post-form input[type=file]", photo);
    alice.click("#post-form button[type=submit]");
    alice.waitForText("#posts .post", "harbour.jpg");
    assertThat(alice.text("#posts .post .attachments")).contains("4.0 MiB").doesNotContain("bytes");
    publish(alice, "Gulls.");
    publish(alice, "Boats.");
    subscribe(bob, alice.text(".channel-header .mono"), "Photos");
    bob.waitForText("#posts .post", "harbour.jpg");
    String listLink = createList(carol, "Content notes");
    addRule(carol, "channel:" + channelId, "violence", "graphic images");
    bob.show("blocklists");
    bob.type("#follow-form input[name=link]", listLink);
    bob.select("#follow-form select[name=action]", "warn");
    bob.click("#follow-form button[type=submit]");
    bob.waitForText("#followed-lists .list", "Content notes");

    // One warning for the channel, not one per post; one button opens it all.
    bob.show("channels/" + channelId);
    assertThat(bob.text("#channel-warning")).contains("graphic images", "Content notes");
    assertThat(bob.nothingShown("#posts")).isTrue();
    assertThat(bob.browser().findElements(By.cssSelector(".warned"))).hasSize(1);
    bob.click("#channel-warning button.reveal");
    bob.waitForText("#posts .post", "Boats.");
    assertThat(bob.browser().findElements(By.cssSelector(".warned"))).isEmpty();

    // The author's node goes away before Bob fetched the file: the download says why it cannot be had.
    nodes.get(1).close();
    bob.clickWithin("#posts .post", "harbour.jpg", ".attachments a");
    assertThat(bob.waitForText("#toast", "could not be downloaded").getText()).contains("no peer online has");
  }

  @Test
  void filesOfEighteenMebibytesTogetherArePostedAndMoreAreRefusedBeforeSending() throws Exception {
    createChannel(alice, "Archive");
    Path first = Files.write(temp.resolve("first.bin"), new byte[9 << 20]);
    Path second = Files.write(temp.resolve("second.bin"), new byte[9 << 20]);
    alice.type("#post-form textarea", "Scans, part one.");
    alice.attach("#post-form input[type=file]", first, second);
    alice.click("#post-form button[type=submit]");
    alice.waitForText("#posts .post", "second.bin");
    assertThat(alice.text("#posts .post .attachments")).contains("first.bin", "9.0 MiB");

    Path more = Files.write(temp.resolve("more.bin"), new byte[(9 << 20) + 1]);
    alice.type("#post-form textarea", "Scans, part two.");
    alice.attach("#post-form input[type=file]", first, more);
    alice.click("#post-form button[type=submit]");
    assertThat(alice.waitForText("#toast", "add up to").getText()).contains("at most 18 MiB of files");
    assertThat(alice.text("#posts")).doesNotContain("part two");
  }

  @Test
  void followingAgainStartsFromTheCurrentSettingsAndSendsWhatTheFormShows() throws Exception {
    carol.show("blocklists");
    assertThat(carol.find("#create-list input[name=name]").getAttribute("maxlength")).isEqualTo("100");
    String listLink = createList(carol, "Spam watch");
    assertThat(carol.text("#toast")).contains("Spam watch");
    addRule(carol, "peer:" + peerIdOf(alice), "spam", "sends spam");
    carol.waitForText("#own-lists .list", "1 entry");

    bob.show("blocklists");
    bob.type("#follow-form input[name=link]", listLink);
    bob.select("#follow-form select[name=action]", "drop");
    bob.click("#follow-form input[name=category][value=spam]");
    bob.click("#follow-form button[type=submit]");
    assertThat(bob.waitForText("#followed-lists .list", "Spam watch").getText()).contains("categories: spam", "drop");

    // Changing the settings starts from those in force; unticking every category means all of them.
    bob.clickWithin("#followed-lists .list", "Spam watch", "button.change-follow");
    assertThat(bob.find("#follow-form select[name=action]").getAttribute("value")).isEqualTo("drop");
    assertThat(bob.find("#follow-form input[name=category][value=spam]").isSelected()).isTrue();
    bob.click("#follow-form input[name=category][value=spam]");
    bob.type("#follow-form input[name=threshold]", "2");
    bob.click("#follow-form button[type=submit]");
    bob.waitForText("#toast", "Saved how you follow Spam watch");
    String followed = bob.waitForText("#followed-lists .list", "categories: all").getText();
    assertThat(followed).contains("drops only when 2 of your lists agree");
    // Changing only the categories and threshold kept the action: drop did not turn into hide.
    assertThat(bob.text("#followed-lists .list .pill")).isEqualTo("drop");

    // Typing the link of a followed list shows its settings too; a blank threshold is 1 again.
    bob.type("#follow-form input[name=link]", listLink);
    bob.find("#follow-form input[name=threshold]").click();
    assertThat(bob.find("#follow-form input[name=threshold]").getAttribute("value")).isEqualTo("2");
    bob.find("#follow-form input[name=threshold]").clear();
    bob.click("#follow-form button[type=submit]");
    bob.waitUntilGone("#followed-lists .list", "lists agree");
    assertThat(bob.text("#followed-lists .list")).contains("categories: all");
    assertThat(bob.text("#followed-lists .list .pill")).isEqualTo("drop");

    // An answer to "why" goes with its question: a failed question leaves none.
    bob.type("#why-form input[name=target]", "channel:" + listLink.replaceFirst(".*/", ""));
    bob.click("#why-form button[type=submit]");
    bob.until(b -> b.findElement(By.id("why-answer")).getText().isBlank() ? null : true);
    bob.type("#why-form input[name=target]", "nonsense");
    bob.click("#why-form button[type=submit]");
    bob.waitForText("#toast", "");
    bob.until(b -> b.findElement(By.id("why-answer")).getText().isBlank() ? true : null);

    // A channel that no peer serves yet says so, by its id, and has no count of entries.
    String nobody = "samizdat:channel/" + peerIdOf(carol);
    bob.show("channels");
    bob.type("#subscribe-form input[name=link]", nobody);
    bob.click("#subscribe-form button[type=submit]");
    bob.waitForText("#waiting", "Waiting for a peer that serves this channel");
    assertThat(bob.text(".channel-header h1")).startsWith("channel 12D3KooW");
    assertThat(bob.browser().findElement(By.id("posts")).getText()).doesNotContain("No posts yet");
    bob.show("channels");
    assertThat(bob.textOf("#channel-list .channel", "Waiting for a peer")).doesNotContain("-1");
  }

  private static String peerIdOf(Ui ui) {
    return ((java.util.Map<?, ?>) ui.api("GET", "/api/node", null)).get("peerId").toString();
  }

  private static void follow(Ui ui, String listLink) {
    ui.show("blocklists");
    ui.type("#follow-form input[name=link]", listLink);
    ui.click("#follow-form button[type=submit]");
    ui.waitForText("#followed-lists .list", "·");
  }

  private TestNode node(String name, List<String> bootstrap) throws Exception {
    TestNode node = TestNode.start(temp.resolve(name), bootstrap);
    nodes.add(node);
    return node;
  }

  private Ui open(TestNode node) throws Exception {
    ChromeDriver browser = Chromium.open(temp.resolve("browser-" + browsers.size()), 1280, 860);
    browsers.add(browser);
    browser.get(node.loginUrl());
    var ui = new Ui(browser, node.baseUrl());
    ui.find("#my-link");
    return ui;
  }

  private static String createChannel(Ui ui, String name) {
    ui.show("channels");
    ui.type("#create-channel input[name=name]", name);
    ui.click("#create-channel button[type=submit]");
    ui.waitForText(".channel-header h1", name);
    return ui.browser().getCurrentUrl().replaceFirst(".*#/channels/", "");
  }

  private static void subscribe(Ui ui, String link, String name) {
    ui.show("channels");
    ui.type("#subscribe-form input[name=link]", link);
    ui.click("#subscribe-form button[type=submit]");
    ui.waitForText(".channel-header h1", name);
  }

  private static void publish(Ui ui, String text) {
    ui.type("#post-form textarea", text);
    ui.click("#post-form button[type=submit]");
    ui.waitForText("#posts .post", text);
  }

  private static String createList(Ui ui, String name) {
    ui.show("blocklists");
    ui.type("#create-list input[name=name]", name);
    ui.click("#create-list button[type=submit]");
    ui.waitForText("#own-lists .list", name);
    return ui.text("#own-lists .list .list-link");
  }

  private static void addRule(Ui ui, String target, String category, String reason) {
    ui.click("#own-lists .add-rule summary");
    ui.type("#own-lists .rule-form input[name=target]", target);
    new Select(ui.find("#own-lists .rule-form select[name=category]")).selectByValue(category);
    ui.type("#own-lists .rule-form input[name=reason]", reason);
    ui.click("#own-lists .rule-form button[type=submit]");
    ui.waitForText("#toast", "Signed and published");
  }
}
