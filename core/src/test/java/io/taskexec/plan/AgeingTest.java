package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgeingTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Planner planner() {
    return new Planner(Map.of(), new Planner.Listener() {
      @Override
      public void ready(PlanItem item) {}

      @Override
      public void resolved(String taskId, TaskState state, String reason) {}
    });
  }

  /**
   * One slot; a low-priority task waits while a high-priority task arrives every 10 s and takes
   * 10 s. Without ageing it never runs while the stream lasts; with one level per 20 s it
   * reaches the stream's priority (5) after 100 s of waiting, and wins the tie as the earlier
   * submitted.
   */
  static long lowStartsAt(Ageing ageing) {
    Planner p = planner();
    PlanItem low = new PlanItem(Task.builder("low", "noop").priority(0).build(), 0, null);
    p.add(List.of(low));
    if (ageing != null) ageing.ready(low, T0);
    List<PlanItem> stream = new ArrayList<>();
    for (int second = 0; second < 1000; second += 10) {
      Instant now = T0.plusSeconds(second);
      PlanItem high = new PlanItem(Task.builder("high-" + second, "noop").priority(5).build(), 1 + second, null);
      p.add(List.of(high));
      stream.add(high);
      if (ageing != null) {
        ageing.ready(high, now);
        ageing.age(p, now);
      }
      PlanItem next = p.pollReady();
      if (next == low) return second;
      if (ageing != null) ageing.left(next);
      p.finished(next, TaskState.SUCCEEDED, false);
    }
    return -1;
  }

  @Test
  void withoutAgeingALowPriorityTaskStarves() {
    assertThat(lowStartsAt(null)).isEqualTo(-1);
  }

  @Test
  void ageingLetsItRunAfterABoundedWait() {
    long start = lowStartsAt(new Ageing(Duration.ofSeconds(20), 10));
    // 5 levels (100 s) bring it to 5; the stream's own tasks age too, but each waits one round
    assertThat(start).isEqualTo(100);
  }

  @Test
  void theCapLimitsTheGain() {
    Planner p = planner();
    PlanItem a = new PlanItem(Task.builder("a", "noop").priority(1).build(), 0, null);
    p.add(List.of(a));
    Ageing ageing = new Ageing(Duration.ofSeconds(1), 3);
    ageing.ready(a, T0);
    assertThat(ageing.age(p, T0.plusSeconds(100))).isEqualTo(1);
    assertThat(p.priority(a)).isEqualTo(4);
    assertThat(ageing.age(p, T0.plusSeconds(200))).isZero();
  }

  @Test
  void aRaisedTaskIsPolledOnceInItsNewPlace() {
    Planner p = planner();
    PlanItem a = new PlanItem(Task.builder("a", "noop").priority(0).build(), 0, null);
    PlanItem b = new PlanItem(Task.builder("b", "noop").priority(3).build(), 1, null);
    p.add(List.of(a, b));
    assertThat(p.raisePriority(a, 5)).isTrue();
    assertThat(p.raisePriority(a, 2)).isFalse(); // never lowered
    assertThat(p.readyCount()).isEqualTo(2);
    assertThat(p.pollReady()).isSameAs(a);
    assertThat(p.pollReady()).isSameAs(b);
    assertThat(p.pollReady()).isNull(); // the stale entry of "a" is skipped
    assertThat(p.readyCount()).isZero();
  }
}
