package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayNamesTest {
  @Test
  void namesThatReadAlikeAreOne() {
    assertThat(DisplayNames.same("Bob", "bob")).isTrue();
    assertThat(DisplayNames.same("Ｂｏｂ", "Bob")).as("full-width").isTrue();
    assertThat(DisplayNames.same("ﬁles", "Files")).as("ligature").isTrue();
    assertThat(DisplayNames.same(" Bob ", "Bob")).isTrue();
    assertThat(DisplayNames.same("Bo\u0301b", "B\u00f3b")).as("decomposed and composed accent").isTrue();
  }

  @Test
  void namesThatReadDifferentlyStayApart() {
    assertThat(DisplayNames.same("Bob", "Bób")).isFalse();
    assertThat(DisplayNames.same("Bob", "Bob2")).isFalse();
    assertThat(DisplayNames.same("Straße", "Strasse")).as("only case folding, no transliteration").isFalse();
  }
}
