package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class InboxCommandTest {
  /** 2026-11-25 01:51 in Berlin, an hour ahead of UTC then: local and UTC readings differ. */
  private static final Clock BERLIN = Clock.fixed(Instant.parse("2026-11-25T00:51:30Z"), ZoneId.of("Europe/Berlin"));

  @Test
  void sinceTakesTheLocalTimeTheCommandPrintsAndItsIsoForms() {
    Instant printed = Instant.parse("2026-11-25T00:51:00Z");
    assertThat(InboxCommand.parseSince("2026-11-25 01:51", BERLIN)).isEqualTo(printed);
    assertThat(InboxCommand.parseSince("2026-11-25T01:51", BERLIN)).isEqualTo(printed);
    assertThat(InboxCommand.parseSince(" 2026-11-25 01:51:00 ", BERLIN)).isEqualTo(printed);
    assertThat(InboxCommand.parseSince("2026-11-25T00:51:00Z", BERLIN)).isEqualTo(printed);
    assertThat(InboxCommand.parseSince("2026-11-25T01:51+01:00", BERLIN)).isEqualTo(printed);
  }

  @Test
  void aDateAloneMeansItsLocalMidnight() {
    assertThat(InboxCommand.parseSince("2026-11-25", BERLIN)).isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
  }

  @Test
  void anAgeCountsBackFromNowInWeeksToo() {
    assertThat(InboxCommand.parseSince("1w", BERLIN)).isEqualTo(BERLIN.instant().minus(Duration.ofDays(7)));
    assertThat(InboxCommand.parseSince("7d", BERLIN)).isEqualTo(InboxCommand.parseSince("1w", BERLIN));
    assertThat(InboxCommand.parseSince("90m", BERLIN)).isEqualTo(BERLIN.instant().minus(Duration.ofMinutes(90)));
  }

  @Test
  void anythingElseIsOneLineListingTheFormsTaken() {
    for (String garbage : new String[] {"yesterday", "2026-11-25 1:51", "2026-13-01", "1y"}) {
      assertThatThrownBy(() -> InboxCommand.parseSince(garbage, BERLIN)).isInstanceOf(CliException.class)
          .hasMessage("--since takes an age such as 10m, 2h, 3d or 1w, a local time as inbox prints it"
              + " (2025-01-31 12:00), a date (2025-01-31, from midnight) or an ISO-8601 time (2025-01-31T12:00:00Z);"
              + " got '" + garbage + "'");
    }
  }
}
