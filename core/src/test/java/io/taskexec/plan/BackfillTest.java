package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackfillTest {

  @Test
  void theShadowTimeIsWhenEnoughRunningJobsHaveEnded() {
    // 1 free; running: 2 units until 50, 3 until 20; the head needs 4
    Backfill.Reservation r = Backfill.reserve(1, 4, new long[] {50, 20}, new long[] {2, 3}, 2);
    assertThat(r.shadowTime()).isEqualTo(20);
    assertThat(r.extra()).isZero();
    assertThat(r.admit(0, 20, 1)).isTrue(); // ends by the shadow time
    assertThat(r.admit(0, 21, 1)).isFalse(); // would take a unit the head needs
  }

  @Test
  void extraUnitsMayBeUsedPastTheShadowTimeOnce() {
    Backfill.Reservation r = Backfill.reserve(0, 2, new long[] {10}, new long[] {5}, 1);
    assertThat(r.shadowTime()).isEqualTo(10);
    assertThat(r.extra()).isEqualTo(3);
    assertThat(r.admit(0, 100, 2)).isTrue();
    assertThat(r.extra()).isEqualTo(1);
    assertThat(r.admit(0, 100, 2)).isFalse();
  }

  @Test
  void jobsEndingTogetherFreeTogether() {
    Backfill.Reservation r = Backfill.reserve(0, 2, new long[] {10, 10}, new long[] {2, 2}, 2);
    assertThat(r.shadowTime()).isEqualTo(10);
    assertThat(r.extra()).isEqualTo(2);
  }

  @Test
  void aHeadThatCanNeverRunHoldsNothingBack() {
    Backfill.Reservation r = Backfill.reserve(1, 10, new long[] {5}, new long[] {2}, 1);
    assertThat(r.shadowTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.admit(0, 1_000_000, 3)).isTrue();
  }
}
