package io.taskexec.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void units_iso_and_plain_numbers_are_read() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
    assertThat(DurationText.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
    assertThat(DurationText.parse("60")).isEqualTo(Duration.ofMinutes(1));
    assertThat(DurationText.seconds(0.25)).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.seconds(60)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void negative_or_unreadable_durations_are_refused_with_the_reason() {
    assertThatThrownBy(() -> DurationText.parse("10 minutes")).hasMessage("'10 minutes' is not a duration");
    assertThatThrownBy(() -> DurationText.parse("-5s")).hasMessage("'-5s' is not a duration");
    assertThatThrownBy(() -> DurationText.parse("PT-5S")).hasMessage("a duration must not be negative, got PT-5S");
    assertThatThrownBy(() -> DurationText.parse("P1Y")).hasMessage("'P1Y' is not an ISO-8601 duration");
    assertThatThrownBy(() -> DurationText.seconds(-1)).hasMessage("a duration must not be negative, got -1");
  }

  @Test
  void an_instant_does_not_look_like_a_duration() {
    assertThat(DurationText.looksLikeDuration("2026-12-01T00:00:00Z")).isFalse();
    assertThat(DurationText.looksLikeDuration("30m")).isTrue();
    assertThat(DurationText.looksLikeDuration("PT2H")).isTrue();
  }
}
