package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.messaging.proto.MessagingStoreProtos.ConversationRecord;
import org.junit.jupiter.api.Test;

class DisappearingTimerTest {
  private static final ConversationRecord OFF = ConversationRecord.getDefaultInstance();

  @Test
  void aChangeRaisesTheVersionAndSettingTheSameTimerIsNoChange() {
    ConversationRecord hour = DisappearingTimer.set(OFF, 3600);
    assertThat(hour.getDisappearAfterSeconds()).isEqualTo(3600);
    assertThat(hour.getDisappearTimerVersion()).isEqualTo(1);
    assertThat(DisappearingTimer.set(hour, 3600)).isSameAs(hour);
    assertThat(DisappearingTimer.set(hour, 0).getDisappearTimerVersion()).isEqualTo(2);
  }

  @Test
  void onlyANewerSettingOrAStricterOneOfTheSameVersionIsAdopted() {
    ConversationRecord hour = DisappearingTimer.set(OFF, 3600);
    assertThat(DisappearingTimer.received(hour, 0, 0)).as("older").isSameAs(hour);
    assertThat(DisappearingTimer.received(hour, 0, 2)).as("newer, even if laxer")
        .isEqualTo(OFF.toBuilder().setDisappearTimerVersion(2).build());
    assertThat(DisappearingTimer.received(hour, 60, 1).getDisappearAfterSeconds()).as("same version, stricter")
        .isEqualTo(60);
    assertThat(DisappearingTimer.received(hour, 7200, 1)).as("same version, laxer").isSameAs(hour);
    assertThat(DisappearingTimer.received(hour, 0, 1)).as("same version, off").isSameAs(hour);
    ConversationRecord offAtOne = OFF.toBuilder().setDisappearTimerVersion(1).build();
    assertThat(DisappearingTimer.received(offAtOne, 60, 1).getDisappearAfterSeconds()).isEqualTo(60);
  }
}
