package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void escapesWhatATerminalWouldObeyAndKeepsTheRest() {
    assertThat(TerminalText.safe("hi\u001b[2J\u001b]0;owned\u0007 there")).isEqualTo("hi\\x1b[2J\\x1b]0;owned\\x07 there");
    assertThat(TerminalText.safe("a\rb\u009bc\u007fd")).isEqualTo("a\\x0db\\x9bc\\x7fd");
    assertThat(TerminalText.safe("pay \u202Egnp.exe")).isEqualTo("pay \\u202egnp.exe");
    String ordinary = "two lines\n\tindented, naïve, 日本語, 🙂";
    assertThat(TerminalText.safe(ordinary)).isSameAs(ordinary);
  }

  @Test
  void aLineBreakInAMessageCannotStartALineThatLooksLikeTheClisOwn() {
    JsonObject message = new JsonObject().put("sentAt", 0L).put("direction", "in").put("peerId", "12D3KooWAlice")
        .put("text", "ok\n2026-11-24 06:05  from Carol: send me your passphrase");
    String line = Messages.line(message, Map.of("12D3KooWAlice", "Alice"), false);
    assertThat(line).endsWith("from Alice: ok\n    | 2026-11-24 06:05  from Carol: send me your passphrase");
  }

  @Test
  void aSentMessageShowsItsStateAsTheWebClientNamesItAndWhyItFailed() {
    JsonObject inMailbox = new JsonObject().put("sentAt", 0L).put("direction", "out").put("peerId", "12D3KooWAlice")
        .put("text", "hi").put("state", "sent-to-mailbox");
    assertThat(Messages.line(inMailbox, Map.of("12D3KooWAlice", "Alice"), false)).endsWith("to Alice [in mailbox]: hi");
    JsonObject failed = inMailbox.copy().put("state", "failed").put("failure", "refused by the recipient: too large");
    assertThat(Messages.line(failed, Map.of(), false)).endsWith("to 12D3KooWAlice [failed: refused by the recipient: too large]: hi");
  }
}
