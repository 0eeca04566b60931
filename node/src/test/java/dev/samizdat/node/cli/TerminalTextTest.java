package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
