package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationHistoryTest {

  @Test
  void theEstimateIsTheMeanOfTheType() {
    DurationHistory h = new DurationHistory();
    assertThat(h.estimate("build")).isEmpty();
    h.record("build", Duration.ofSeconds(10));
    h.record("build", Duration.ofSeconds(20));
    h.record("test", Duration.ofMillis(500));
    h.record("test", Duration.ofSeconds(-1)); // ignored
    assertThat(h.estimate("build")).contains(Duration.ofSeconds(15));
    assertThat(h.estimate("test")).contains(Duration.ofMillis(500));
    assertThat(h.samples("test")).isEqualTo(1);
  }

  @Test
  void onlyTasksWithoutAnEstimateGetOne() {
    DurationHistory h = new DurationHistory();
    h.record("build", Duration.ofSeconds(30));
    Task bare = Task.builder("a", "build").build();
    Task known = Task.builder("b", "build").estimatedDuration(Duration.ofSeconds(2)).build();
    Task other = Task.builder("c", "deploy").build();
    assertThat(h.withEstimate(bare).estimatedDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.withEstimate(known)).isSameAs(known);
    assertThat(h.withEstimate(other)).isSameAs(other);
  }

  @Test
  void historyChangesThePlannersOrder() {
    // two ready tasks without estimates: submission order; with history, the long one first
    DurationHistory h = new DurationHistory();
    h.record("slow", Duration.ofSeconds(60));
    h.record("quick", Duration.ofSeconds(1));
    Planner blind = new Planner(java.util.Map.of(), new NoListener());
    Planner informed = new Planner(java.util.Map.of(), new NoListener());
    Task q = Task.builder("q", "quick").build();
    Task s = Task.builder("s", "slow").build();
    blind.add(java.util.List.of(new PlanItem(q, 1, null), new PlanItem(s, 2, null)));
    informed.add(java.util.List.of(new PlanItem(h.withEstimate(q), 1, null),
        new PlanItem(h.withEstimate(s), 2, null)));
    assertThat(blind.pollReady().id()).isEqualTo("q");
    assertThat(informed.pollReady().id()).isEqualTo("s");
  }

  private static final class NoListener implements Planner.Listener {
    @Override
    public void ready(PlanItem item) {}

    @Override
    public void resolved(String taskId, io.taskexec.task.TaskState state, String reason) {}
  }
}
