package dev.samizdat.channels.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static Manifest named(String name) {
    return new Manifest(Manifest.Kind.CHANNEL, name, "", List.of(), List.of());
  }

  @Test
  void aNameIsCountedInCharactersAsAPersonCountsThemAndSurvivesTheWire() throws Exception {
    String hundred = "🙂".repeat(Manifest.MAX_NAME_LENGTH);
    assertThat(Manifest.decode(named(hundred).encode()).name()).isEqualTo(hundred);
    assertThatThrownBy(() -> named(hundred + "x")).hasMessage("a name is 1..100 characters");
  }

  @Test
  void aNameMayNotDriveATerminal() {
    assertThatThrownBy(() -> named("evil\u001b]0;owned\u0007")).hasMessageContaining("control characters");
    assertThatThrownBy(() -> named("two\nlines")).hasMessageContaining("control characters");
  }
}
