package dev.samizdat.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.cli.CliRun;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Alice and Bob, each with a real node on loopback and a browser of their own: Alice adds Bob by
 * the link his client shows, they chat, and each sees the other's messages arrive live and the
 * states of their own messages change.
 */
class WebChatBrowserTest {
  @TempDir Path temp;
  private TestNode seedNode;
  private TestNode bobNode;
  private TestNode aliceNode;
  private ChromeDriver bobBrowser;
  private ChromeDriver aliceBrowser;

  @BeforeEach
  void start() throws Exception {
    // A third node that both join through, so that each has a DHT peer to publish its prekeys to.
    seedNode = TestNode.start(temp.resolve("seed"), List.of());
    bobNode = TestNode.start(temp.resolve("bob"), seedNode.bootstrapAddresses());
    aliceNode = TestNode.start(temp.resolve("alice"), seedNode.bootstrapAddresses());
    bobBrowser = Chromium.open(temp.resolve("bob-browser"), 1280, 860);
    aliceBrowser = Chromium.open(temp.resolve("alice-browser"), 1280, 860);
  }

  @AfterEach
  void stop() {
    for (var browser : new ChromeDriver[] {aliceBrowser, bobBrowser}) {
      if (browser != null) {
        browser.quit();
      }
    }
    for (var node : new TestNode[] {aliceNode, bobNode, seedNode}) {
      if (node != null) {
        node.close();
      }
    }
  }

  /** Opens a contact's safety number and returns its digits once the QR code has loaded. */
  private static String safetyNumber(Ui ui, String name) {
    ui.clickWithin("#contact-list .contact", name, "button[aria-expanded]");
    String digits = ui.text("#contact-list .safety .digits");
    ui.until(b -> ((Number) ui.browser().executeScript(
        "return document.querySelector('#contact-list .safety img.qr').naturalWidth")).intValue() > 0 ? true : null);
    return digits;
  }

  private static void addContact(Ui ui, String peer, String name) {
    ui.type("#add-contact input[name=peer]", peer);
    ui.find("#add-contact input[name=name]").clear();
    if (!name.isEmpty()) {
      ui.find("#add-contact input[name=name]").sendKeys(name);
    }
    ui.click("#add-contact button[type=submit]");
  }

  @Test
  void aliceAddsBobByLinkAndTheyChatLiveWithMessageStates() throws Exception {
    var bob = new Ui(bobBrowser, bobNode.baseUrl());
    var alice = new Ui(aliceBrowser, aliceNode.baseUrl());
    bobBrowser.get(bobNode.loginUrl());
    aliceBrowser.get(aliceNode.loginUrl());

    // First run shows the address as a link and a QR code.
    bob.find("#my-link");
    String bobLink = bob.text("#my-link");
    assertThat(bobLink).isEqualTo("samizdat:peer/" + bobNode.node().peerId());
    assertThat(bob.find("img.qr").getAttribute("naturalWidth")).isNotEqualTo("0");
    Chromium.screenshot(bobBrowser, "first-run");
    String aliceLink = alice.text("#my-link");

    alice.show("contacts");
    alice.type("#add-contact input[name=peer]", bobLink);
    alice.type("#add-contact input[name=name]", "Bob");
    alice.click("#add-contact button[type=submit]");
    alice.waitForText("#contact-list .contact", "Bob");
    bob.show("contacts");
    bob.type("#add-contact input[name=peer]", aliceLink);
    bob.type("#add-contact input[name=name]", "Alice");
    bob.click("#add-contact button[type=submit]");
    bob.waitForText("#contact-list .contact", "Alice");

    // Both see the same safety number; Alice marks Bob verified after comparing.
    String aliceSees = safetyNumber(alice, "Bob");
    String bobSees = safetyNumber(bob, "Alice");
    assertThat(aliceSees).matches("[0-9 \n]{60,}").isEqualTo(bobSees);
    // It asks for what the client offers: digits to compare (it has no scanner).
    assertThat(alice.text("#contact-list .safety .safety-how")).contains("Compare the digits")
        .doesNotContain("scan each other");
    Chromium.screenshot(aliceBrowser, "safety-number");
    alice.clickWithin("#contact-list .contact", "Bob", ".safety .actions button");
    alice.waitForText("#contact-list .contact .pill", "verified");

    // Adding Bob again says what it did: renamed him, or nothing.
    addContact(alice, bobLink, "Bobby");
    alice.waitForText("#toast", "Renamed Bob to Bobby.");
    addContact(alice, bobLink, "Bob");
    alice.waitForText("#toast", "Renamed Bobby to Bob.");
    addContact(alice, bobLink, "");
    alice.waitForText("#toast", "Bob is already a contact.");
    // What is no address, and an id with a character lost in copying, are refused in the node's words, made plain.
    addContact(alice, "bob's address", "");
    assertThat(alice.waitForText("#toast", "not a samizdat address").getText())
        .isEqualTo("No contact has that name, and it is not a samizdat address: paste their link (samizdat:peer/…)"
            + " or peer ID (12D3KooW…).");
    String mistyped = bobLink.substring(0, bobLink.length() - 1);
    addContact(alice, mistyped, "Bob");
    assertThat(alice.waitForText("#toast", "not a valid peer ID").getText())
        .isEqualTo("That is not a valid peer ID: a character is missing, extra or wrong (copy it again).");
    // So is a chat opened at such an address.
    alice.show("chats/" + mistyped.substring("samizdat:peer/".length()));
    assertThat(alice.text("main .card")).isEqualTo("This did not load\n"
        + "That is not a valid peer ID: a character is missing, extra or wrong (copy it again).");

    // Bob waits on his chat list; Alice writes and sends with Enter.
    bob.show("chats");
    alice.show("contacts");
    alice.waitForText("#contact-list .contact a.button", "Chat").click();
    // Enter twice in a row sends once.
    alice.find("form.composer textarea").sendKeys("Hello Bob, this is Alice", Keys.ENTER, Keys.ENTER);
    var sent = alice.waitForText("#messages .message.out", "Hello Bob");
    assertThat(alice.find("form.composer textarea").getAttribute("value")).isEmpty();
    assertThat(sent.findElement(By.cssSelector(".state")).getText())
        .isIn("queued", "in mailbox", "delivered", "read");

    // It reaches Bob's open chat list without a reload, with an unread count.
    bob.waitForText("a.conversation", "Hello Bob");
    assertThat(bob.find("a.conversation .unread").getText()).isEqualTo("1");
    bob.click("a.conversation");
    bob.waitForText("#messages .message.in", "Hello Bob, this is Alice");
    bob.find("form.composer textarea").sendKeys("Hi Alice! Bob here.", Keys.ENTER);
    bob.waitForText("#messages .message.out", "Hi Alice");
    // Each one's own sends show in the chat list too.
    bob.waitForText("a.conversation .preview", "You: Hi Alice");

    // Alice sees the reply live, and her message delivered (then read, as Bob has opened it).
    alice.waitForText("#messages .message.in", "Hi Alice! Bob here.");
    assertThat(aliceNode.node().messaging().history(bobNode.node().peerId())).hasSize(2);
    assertThat(alice.count("#messages .message", "Hello Bob")).isOne();
    alice.until(b -> List.of("delivered", "read").contains(
        b.findElement(By.cssSelector("#messages .message.out .state")).getText()) ? true : null);
    Chromium.screenshot(aliceBrowser, "chat");
    Chromium.screenshot(bobBrowser, "chat-bob");
    assertThat(Ui.unlabelledFields(aliceBrowser)).isEmpty();

    // A timer set elsewhere (samizdat contacts disappearing Alice 2h) shows as it is, live, with a line in the chat;
    // Alice sees it with Bob's next message.
    assertThat(bob.selected("select[name=disappearing]")).isEqualTo("Off");
    bobNode.node().messaging().setDisappearingTimer(aliceNode.node().peerId(), Duration.ofHours(2));
    bob.waitForText("#messages .event-line", "You set disappearing messages to 2 hours");
    assertThat(bob.selected("select[name=disappearing]")).isEqualTo("2 hours");
    bob.find("form.composer textarea").sendKeys("This one disappears", Keys.ENTER);
    alice.waitForText("#messages .event-line", "Bob set disappearing messages to 2 hours");
    alice.waitForText("#messages .message.in", "This one disappears");
    assertThat(alice.selected("select[name=disappearing]")).isEqualTo("2 hours");

    // The disappearing-message timer is kept per chat by the node.
    new org.openqa.selenium.support.ui.Select(alice.find("select[name=disappearing]")).selectByVisibleText("1 hour");
    alice.waitForText("#messages .event-line", "You set disappearing messages to 1 hour");
    alice.until(b -> aliceNode.node().messaging().disappearingTimer(bobNode.node().peerId())
        .equals(java.time.Duration.ofHours(1)) ? true : null);
    alice.show("chats/" + bobNode.node().peerId());
    assertThat(alice.find("select[name=disappearing]").getAttribute("value")).isEqualTo("3600");
    alice.waitForText("a.conversation .preview", "This one disappears");

    // Deleting the chat empties Alice's view and her node; Bob keeps his copy.
    alice.click("button[name=delete-chat]");
    aliceBrowser.switchTo().alert().accept();
    alice.until(b -> b.findElements(By.cssSelector("#messages .message")).isEmpty() ? true : null);
    assertThat(aliceNode.node().messaging().history(bobNode.node().peerId())).isEmpty();
    assertThat(bobNode.node().messaging().history(aliceNode.node().peerId())).hasSize(3);
    // The chat list no longer shows what was deleted.
    alice.waitUntilGone("a.conversation", "This one disappears");

    // Removing Bob, once confirmed, takes him off her contacts; with the chat deleted nothing keeps him listed.
    alice.show("contacts");
    alice.clickWithin("#contact-list .contact", "Bob", "button[name=remove-contact]");
    alice.acceptConfirm();
    alice.waitForText("#toast", "Removed Bob.");
    alice.waitForText("#contact-list", "No contacts yet.");
    assertThat(aliceNode.node().messaging().contacts()).isEmpty();

    // Status shows the node's peers.
    alice.show("status");
    assertThat(Integer.parseInt(alice.text("#connected-peers"))).isPositive();
    Chromium.screenshot(aliceBrowser, "status");

    // On a narrow window the sections fold into a menu that opens from the keyboard.
    bobBrowser.manage().window().setSize(new org.openqa.selenium.Dimension(400, 800));
    bob.show("chats/" + aliceNode.node().peerId());
    assertThat(bobBrowser.findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(bob.find("#messages").getText()).contains("Hello Bob, this is Alice");
    bob.find("#nav-toggle").sendKeys(Keys.ENTER);
    bob.until(b -> b.findElement(By.id("nav")).isDisplayed() ? true : null);
    assertThat(bob.find("#nav-toggle").getAttribute("aria-expanded")).isEqualTo("true");
    Chromium.screenshot(bobBrowser, "narrow-menu");
  }

  /** Alice and Bob know each other by name, added from their nodes rather than their browsers. */
  private void introduce() {
    aliceNode.node().messaging().addContact(bobNode.node().peerId(), "Bob");
    bobNode.node().messaging().addContact(aliceNode.node().peerId(), "Alice");
  }

  @Test
  void messagesSentElsewhereShowOnceAndAStaleCopyNeverTurnsAStateBack() {
    introduce();
    var alice = new Ui(aliceBrowser, aliceNode.baseUrl());
    aliceBrowser.get(aliceNode.loginUrl());
    alice.find("#my-link");
    // A chat opened by a contact's name, typed as the CLI takes it (any case, full-width letters), is that contact's.
    alice.show("chats/%EF%BD%82OB");
    assertThat(alice.text(".chat-header h2")).isEqualTo("Bob");
    alice.show("chats/bob");
    assertThat(alice.text(".chat-header h2")).isEqualTo("Bob");

    // Sent from the terminal (samizdat send Bob …): the open chat and the chat list show it, once.
    var fromTerminal = aliceNode.node().messaging().send(bobNode.node().peerId(), "Sent from the terminal");
    alice.waitForText("#messages .message.out", "Sent from the terminal");
    alice.waitForText("a.conversation .preview", "You: Sent from the terminal");
    alice.until(b -> aliceNode.node().messaging().message(fromTerminal).orElseThrow().state()
        == dev.samizdat.node.messaging.MessageState.DELIVERED ? true : null);
    assertThat(alice.count("#messages .message", "Sent from the terminal")).isOne();

    // The node's answer to the send comes after the events that the message was stored and delivered:
    // its "queued" is stale and must not turn "delivered" back.
    alice.holdAnswersTo("/api/messages");
    alice.find("form.composer textarea").sendKeys("A slow answer", Keys.ENTER);
    var slow = alice.waitForText("#messages .message.out", "A slow answer");
    alice.until(b -> "delivered".equals(slow.getDomAttribute("data-state")) ? true : null);
    alice.releaseAnswers();
    alice.until(b -> b.findElement(By.cssSelector("form.composer button[type=submit]")).isEnabled() ? true : null);
    var shown = alice.waitForText("#messages .message.out", "A slow answer");
    assertThat(shown.findElement(By.cssSelector(".state")).getText()).isEqualTo("delivered");
    assertThat(alice.count("#messages .message", "A slow answer")).isOne();
    alice.waitForText("a.conversation .preview", "You: A slow answer");
  }

  @Test
  void contactsChangedFromTheCommandLineShowInAnOpenPageWithoutReload() {
    var alice = new Ui(aliceBrowser, aliceNode.baseUrl());
    aliceBrowser.get(aliceNode.loginUrl());
    alice.find("#my-link");
    alice.show("contacts");
    alice.waitForText("#live", "live");
    String bob = bobNode.node().peerId().toBase58();

    // Bob writes first: the open page lists him, unnamed, with no contact change behind it.
    bobNode.node().messaging().send(aliceNode.node().peerId(), "Hi, it's Bob");
    alice.find("#contact-list .contact[data-peer='" + bob + "']");

    // samizdat contacts add / verify, typed in a terminal while the page is open.
    samizdat("contacts", "add", "samizdat:peer/" + bob, "--name", "Bob");
    alice.waitForText("#contact-list .contact", "Bob");
    assertThat(alice.text("#contact-list .contact")).contains(bob);
    samizdat("contacts", "verify", "bob", "--confirm");
    alice.waitForText("#contact-list .contact .pill", "verified");

    // In the chats, the list and the open chat's header follow a rename and a removal.
    aliceNode.node().messaging().send(bobNode.node().peerId(), "Hello");
    alice.show("chats/" + bob);
    alice.waitForText("a.conversation .name", "Bob");
    samizdat("contacts", "add", "Bob", "--name", "Robert");
    alice.waitForText("a.conversation .name", "Robert");
    alice.waitForText(".chat-header h2", "Robert");
    samizdat("contacts", "remove", "Robert");
    alice.waitUntilGone("a.conversation .name", "Robert");
    alice.waitUntilGone(".chat-header", "Robert");
    alice.find("button[name=add-contact]");
  }

  /** Runs samizdat with Alice's home, as she would in a terminal, and expects it to succeed. */
  private void samizdat(String... args) {
    var withHome = new java.util.ArrayList<>(List.of(args));
    withHome.addAll(List.of("--home", aliceNode.home().directory().toString()));
    CliRun run = CliRun.of(withHome.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aStrangersChatPagesBackSaysWhyItWaitsAndOffersToNameThem() throws Exception {
    var alice = new Ui(aliceBrowser, aliceNode.baseUrl());
    aliceBrowser.get(aliceNode.loginUrl());
    alice.find("#my-link");
    // A peer nobody runs: its node never published prekeys, so everything to it waits.
    PeerId stranger = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    for (int i = 1; i <= 120; i++) {
      aliceNode.node().messaging().send(stranger, "Note " + i);
    }
    alice.show("chats/" + stranger.toBase58());
    alice.waitForText("#messages .message.out", "Note 120");
    assertThat(alice.count("#messages .message", "Note 1\n")).isZero();
    assertThat(alice.waitForText("#not-sent", "Not sent yet").getText()).contains("no prekey bundle");

    // Earlier messages come on request, above, and what was in view stays where it was.
    alice.browser().executeScript("document.getElementById('messages').scrollTop = 0");
    var firstShown = alice.waitForText("#messages .message", "Note 21");
    double before = alice.top(firstShown);
    alice.click("button[name=load-earlier]");
    alice.waitForText("#messages .message", "Note 1\n");
    assertThat(alice.top(firstShown)).isCloseTo(before, org.assertj.core.data.Offset.offset(2.0));
    alice.waitUntilGone("li.load-earlier:not([hidden])", "");
    assertThat(alice.browser().findElements(By.cssSelector("#messages .message"))).hasSize(120);

    // The chat names an unknown peer from its header, and shows the safety number there.
    alice.click("button[name=add-contact]");
    alice.type("#chat-panel input[name=name]", "Stranger");
    alice.click("#chat-panel button[type=submit]");
    alice.waitForText(".chat-header h2", "Stranger");
    assertThat(alice.browser().findElements(By.cssSelector("button[name=add-contact]"))).isEmpty();
    alice.click("button[name=safety-number]");
    assertThat(alice.text("#chat-panel .digits")).matches("[0-9 \n]{60,}");
    Chromium.screenshot(aliceBrowser, "chat-stranger");

    // A failed message says why next to its state.
    Object failed = alice.browser().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/js/views/chats.js').then((chats) => done(chats.messageItem({id: 'x', direction: 'out', text: 'hi',
          sentAt: Date.now(), state: 'failed', failure: 'refused by the recipient: too large'}).textContent));""");
    assertThat((String) failed).contains("failed").contains("refused by the recipient: too large");

    // A malformed address leads to a page that says so, not to the page before.
    aliceBrowser.get(aliceNode.baseUrl() + "/#/chats/%E0%A4%A");
    alice.waitForText("#not-found h1", "Nothing here");
    assertThat(aliceBrowser.findElements(By.id("messages"))).isEmpty();

    // A toast shows above an open dialog, not dimmed under its backdrop.
    alice.show("contacts");
    alice.clickWithin("#contact-list .contact", "Stranger", "button.report");
    alice.find("#report-dialog[open]");
    alice.click("#report-dialog button[type=submit]");
    alice.waitForText("#toast", "Choose the list");
    assertThat(alice.onTop("#toast")).isTrue();
  }

  @Test
  void aPageOfARestartedNodeAsksToLogInAgain() throws Exception {
    var alice = new Ui(aliceBrowser, aliceNode.baseUrl());
    aliceBrowser.get(aliceNode.loginUrl());
    alice.find("#my-link");
    alice.show("chats");
    alice.waitForText("#live", "live");

    aliceNode = aliceNode.restart(seedNode.bootstrapAddresses());
    // The session ended with the node: the page says how to log in instead of reconnecting for ever.
    alice.waitForText("main h1", "Log in to your node");
    assertThat(alice.text("#live")).isEqualTo("not logged in");
    assertThat(aliceBrowser.findElement(By.id("nav")).isDisplayed()).isFalse();
    Chromium.screenshot(aliceBrowser, "logged-out");

    // A new login link logs the page in again.
    aliceBrowser.get(aliceNode.loginUrl());
    alice.waitForText("#live", "live");
    assertThat(aliceBrowser.findElement(By.id("nav")).isDisplayed()).isTrue();
  }
}
