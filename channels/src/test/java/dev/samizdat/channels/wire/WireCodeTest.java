package dev.samizdat.channels.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.report.ReviewItem;
import dev.samizdat.crypto.MalformedInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codes signed entries, digests and stored rows carry: changing one breaks what was written with it. */
class WireCodeTest {
  @Test
  void theCodesAreTheFormatsOwn() {
    assertThat(codes(Target.Kind.values())).containsExactly(
        Map.entry("CHANNEL", 0), Map.entry("POST", 1), Map.entry("PEER", 2), Map.entry("BLOB", 3));
    assertThat(codes(Action.values())).containsExactly(
        Map.entry("WARN", 0), Map.entry("HIDE", 1), Map.entry("DROP", 2));
    assertThat(codes(Manifest.Kind.values())).containsExactly(Map.entry("CHANNEL", 0), Map.entry("BLOCKLIST", 1));
    assertThat(codes(ReviewItem.Status.values())).containsExactly(
        Map.entry("OPEN", 0), Map.entry("BLOCKED", 1), Map.entry("DISMISSED", 2), Map.entry("RETRACTED", 3));
    assertThat(codes(ContentType.values())).containsExactly(Map.entry("MANIFEST", 1), Map.entry("POST", 2),
        Map.entry("EDIT", 3), Map.entry("DELETE", 4), Map.entry("BLOCK", 16), Map.entry("RETRACT", 17));
    assertThat(codes(Category.values())).containsExactly(Map.entry("TERRORISM", 1), Map.entry("CSAM", 2),
        Map.entry("VIOLENCE", 3), Map.entry("SPAM", 4), Map.entry("SCAM", 5), Map.entry("IMPERSONATION", 6),
        Map.entry("COPYRIGHT", 7), Map.entry("OTHER", 8));
  }

  @Test
  void aCodeIsReadBackAsItsConstant() {
    for (Action action : Action.values()) {
      assertThat(Action.fromCode(action.code())).isSameAs(action);
    }
    for (Target.Kind kind : Target.Kind.values()) {
      assertThat(Target.Kind.fromCode(kind.code())).isSameAs(kind);
    }
  }

  @Test
  void anUnknownCodeIsMalformedAndNamed() {
    assertThatThrownBy(() -> Action.fromCode(3)).isInstanceOf(MalformedInputException.class)
        .hasMessage("unknown block action 3");
    assertThatThrownBy(() -> WireCode.fromCode(Manifest.Kind.class, -1, "feed kind"))
        .isInstanceOf(MalformedInputException.class).hasMessage("unknown feed kind 4294967295");
  }

  private static <E extends Enum<E> & WireCode> Map<String, Integer> codes(E[] constants) {
    Map<String, Integer> codes = new LinkedHashMap<>();
    Arrays.stream(constants).forEach(c -> codes.put(c.name(), c.code()));
    return codes;
  }
}
