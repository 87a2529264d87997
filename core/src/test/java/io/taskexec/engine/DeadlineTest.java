package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.config.EngineConfig.DeadlinePolicy;
import io.taskexec.event.EventType;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Deadline;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadlineTest {
  @TempDir Path dir;
  final EngineFixture fx = new EngineFixture();
  final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
  final BlockingHandler block = new BlockingHandler();

  private TaskExecutionEngine engine(DeadlinePolicy policy) {
    return fx.builder(dir, AgentSpec.of("a", 2, 8, 10, 0)).clock(clock).handler(block)
        .config(EngineFixture.config(2, 4, policy)).build();
  }

  @Test
  void a_task_whose_deadline_passes_before_it_starts_is_deadline_missed_and_never_runs() throws Exception {
    try (var engine = engine(DeadlinePolicy.MISS)) {
      var holder = engine.submit(Task.builder("holder", "block").cpu(2).build());
      await().until(() -> engine.task("holder").orElseThrow().state() == TaskState.RUNNING);
      var late = engine.submit(Task.builder("late", "noop").cpu(2).deadline(new Deadline.After(Duration.ofHours(1))).build());
      await().until(() -> engine.task("late").orElseThrow().state() == TaskState.READY);
      clock.advance(Duration.ofMinutes(59));
      assertThat(engine.task("late").orElseThrow().state()).isEqualTo(TaskState.READY);
      clock.advance(Duration.ofMinutes(2));
      var result = late.result().get(10, TimeUnit.SECONDS);
      assertThat(result.state()).isEqualTo(TaskState.DEADLINE_MISSED);
      assertThat(result.attempts()).isEmpty();
      assertThat(result.reason()).contains("deadline 2026-06-01T01:00:00Z passed");
      block.release();
      assertThat(holder.result().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void under_run_and_flag_a_late_task_runs_and_is_flagged() throws Exception {
    try (var engine = engine(DeadlinePolicy.RUN_AND_FLAG)) {
      engine.submit(Task.builder("holder", "block").cpu(2).build());
      await().until(() -> engine.task("holder").orElseThrow().state() == TaskState.RUNNING);
      var late = engine.submit(Task.builder("late", "noop").cpu(2).deadline(new Deadline.After(Duration.ofMinutes(5))).build());
      await().until(() -> engine.task("late").orElseThrow().state() == TaskState.READY);
      clock.advance(Duration.ofMinutes(10));
      block.release();
      var result = late.result().get(10, TimeUnit.SECONDS);
      assertThat(result.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(result.deadlineMissed()).isTrue();
      assertThat(fx.eventsOf("late")).filteredOn(e -> e.type() == EventType.STARTED)
          .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("deadline_missed", true));
    }
  }

  @Test
  void the_ready_queue_prefers_priority_then_the_earlier_deadline() throws Exception {
    try (var engine = engine(DeadlinePolicy.MISS)) {
      engine.submit(Task.builder("holder", "block").cpu(2).build());
      await().until(() -> engine.task("holder").orElseThrow().state() == TaskState.RUNNING);
      engine.submitAll(List.of(
          Task.builder("low", "noop").cpu(2).priority(1).build(),
          Task.builder("late-deadline", "noop").cpu(2).priority(5).deadline(new Deadline.After(Duration.ofHours(5))).build(),
          Task.builder("early-deadline", "noop").cpu(2).priority(5).deadline(new Deadline.After(Duration.ofHours(1))).build(),
          Task.builder("high", "noop").cpu(2).priority(9).build()));
      await().until(() -> engine.counts().get(TaskState.READY) == 4);
      block.release();
      engine.whenIdle().get(10, TimeUnit.SECONDS);
      List<String> order = fx.events.stream().filter(e -> e.type() == EventType.STARTED).map(e -> e.taskId()).toList();
      assertThat(order).containsExactly("holder", "high", "early-deadline", "late-deadline", "low");
    }
  }
}
