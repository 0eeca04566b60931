package dev.samizdat.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    Chromium.screenshot(aliceBrowser, "safety-number");
    alice.clickWithin("#contact-list .contact", "Bob", ".safety .actions button");
    alice.waitForText("#contact-list .contact .pill", "verified");

    // Bob waits on his chat list; Alice writes and sends with Enter.
    bob.show("chats");
    alice.show("contacts");
    alice.waitForText("#contact-list .contact a.button", "Chat").click();
    alice.find("form.composer textarea").sendKeys("Hello Bob, this is Alice", Keys.ENTER);
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

    // Alice sees the reply live, and her message delivered (then read, as Bob has opened it).
    alice.waitForText("#messages .message.in", "Hi Alice! Bob here.");
    alice.until(b -> List.of("delivered", "read").contains(
        b.findElement(By.cssSelector("#messages .message.out .state")).getText()) ? true : null);
    Chromium.screenshot(aliceBrowser, "chat");
    Chromium.screenshot(bobBrowser, "chat-bob");
    assertThat(Ui.unlabelledFields(aliceBrowser)).isEmpty();

    // The disappearing-message timer is kept per chat by the node.
    new org.openqa.selenium.support.ui.Select(alice.find("select[name=disappearing]")).selectByVisibleText("1 hour");
    alice.until(b -> aliceNode.node().messaging().disappearingTimer(bobNode.node().peerId())
        .equals(java.time.Duration.ofHours(1)) ? true : null);
    alice.show("chats/" + bobNode.node().peerId());
    assertThat(alice.find("select[name=disappearing]").getAttribute("value")).isEqualTo("3600");

    // Deleting the chat empties Alice's view and her node; Bob keeps his copy.
    alice.click("button[name=delete-chat]");
    aliceBrowser.switchTo().alert().accept();
    alice.until(b -> b.findElements(By.cssSelector("#messages .message")).isEmpty() ? true : null);
    assertThat(aliceNode.node().messaging().history(bobNode.node().peerId())).isEmpty();
    assertThat(bobNode.node().messaging().history(aliceNode.node().peerId())).hasSize(2);

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
}
