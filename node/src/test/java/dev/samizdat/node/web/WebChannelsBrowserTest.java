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

    alice.clickWithin("#posts .post", "Market opens at nine tomorrow.", "button.edit-post");
    alice.browser().switchTo().alert().sendKeys("Market opens at ten tomorrow.");
    alice.browser().switchTo().alert().accept();
    alice.waitForText("#posts .post", "Market opens at ten tomorrow.");
    bob.until(b -> {
      b.navigate().refresh();
      return b.findElement(By.id("posts")).getText().contains("Market opens at ten tomorrow.") ? true : null;
    });

    publish(alice, "Wrong date, sorry.");
    bob.waitForText("#posts .post", "Wrong date, sorry.");
    alice.clickWithin("#posts .post", "Wrong date, sorry.", "button.delete-post");
    alice.browser().switchTo().alert().accept();
    alice.waitForText("#toast", "deleted");
    assertThat(alice.find("#posts").getText()).doesNotContain("Wrong date").contains("Market opens at ten");
    bob.until(b -> {
      b.navigate().refresh();
      String shown = b.findElement(By.id("posts")).getText();
      return shown.contains("Market opens at ten") && !shown.contains("Wrong date") ? true : null;
    });
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

    // Carol's desk shows it, grouped by target, with the content; she blocks it in one click.
    carol.show("desk");
    String item = carol.textOf("#review-queue .queue-item", "post:" + channelId + "/2");
    assertThat(item).contains("spam", "asks for wallet seed words", "FREE COINS");
    Chromium.screenshot(carol.browser(), "desk");
    // The reporter said spam; the moderator files it as a scam, and the block says so.
    new Select(carol.find("#review-queue .queue-item select[name=category]")).selectByValue("scam");
    carol.clickWithin("#review-queue .queue-item", "post:" + channelId + "/2", "button.block");
    carol.waitForText("#review-queue", "Nothing to review");
    carol.waitForText("#list-history", "blocked post:" + channelId + "/2 — scam");

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
