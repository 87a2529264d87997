package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.config.AgeingConfig;
import io.taskexec.config.EngineConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.Deadline;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import io.taskexec.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preemption, ageing and deadlines at risk, through a real engine: real worker threads, real
 * processes for shell tasks; a manual clock where the test needs time to pass.
 */
class SchedulingPoliciesTest {
  @TempDir Path dir;
  final EngineFixture fx = new EngineFixture();
  BlockingHandler blocking = new BlockingHandler();

  TaskExecutionEngine engine(boolean preemption, AgeingConfig ageing, Clock clock) {
    EngineConfig e = EngineFixture.config(2, 16, EngineConfig.DeadlinePolicy.MISS).engine();
    TaskExecutionConfig c = TaskExecutionConfig.DEFAULT.withEngine(
        e.withResourceManager(e.resourceManager().withPreemption(preemption)).withAgeing(ageing));
    return TaskExecutionEngine.builder()
        .config(c)
        .clock(clock)
        .agent(AgentSpec.of("a", 2, 8, 10, 0))
        .dataDirectory(dir)
        .store(new InMemoryStateStore())
        .handler(blocking)
        .listener(fx.events::addAll)
        .build();
  }

  static Task block(String id, int priority, double cpu) {
    return Task.builder(id, "block").priority(priority).cpu(cpu).memoryGb(0.1).storageGb(0.1).build();
  }

  static Task noop(String id, int priority, double cpu) {
    return Task.builder(id, "noop").priority(priority).cpu(cpu).memoryGb(0.1).storageGb(0.1).build();
  }

  private static TaskState state(TaskExecutionEngine engine, String id) {
    return engine.task(id).orElseThrow().state();
  }

  private List<String> startOrder() {
    return fx.events.stream().filter(e -> e.type() == EventType.STARTED).map(TaskEvent::taskId).toList();
  }

  @Test
  void a_task_of_higher_priority_preempts_lower_ones_which_run_again_later() {
    try (var engine = engine(true, AgeingConfig.OFF, Clock.system())) {
      var low1 = engine.submit(block("low-1", 1, 1));
      var low2 = engine.submit(block("low-2", 1, 1));
      await().until(() -> state(engine, "low-1") == TaskState.RUNNING && state(engine, "low-2") == TaskState.RUNNING);

      var high = engine.submit(noop("high", 9, 2));
      assertThat(high.result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      for (String id : List.of("low-1", "low-2")) {
        TaskEvent requeued = fx.eventsOf(id).stream().filter(e -> e.type() == EventType.REQUEUED).findFirst().orElseThrow();
        assertThat(requeued.failure()).isEqualTo(FailureKind.PREEMPTED);
        assertThat(requeued.message()).contains("by task high (priority 9 > 1)").contains("attempt 1 was preempted");
      }

      blocking.release();
      for (var h : List.of(low1, low2)) {
        TaskResult r = h.result().join();
        assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(r.attempts()).hasSize(2);
        assertThat(r.attempts().get(0).failure()).isEqualTo(FailureKind.PREEMPTED);
        assertThat(r.attempts().get(0).outcome()).isEqualTo(TaskState.READY);
        assertThat(r.attempts().get(1).failure()).isNull();
      }
      List<String> starts = startOrder();
      assertThat(starts.indexOf("high")).isLessThan(starts.lastIndexOf("low-1")).isLessThan(starts.lastIndexOf("low-2"));
      assertThat(engine.liveAllocations().join()).isZero();
    }
  }

  @Test
  void without_preemption_or_against_equal_priority_the_task_waits() {
    for (boolean preemption : List.of(false, true)) {
      fx.events.clear();
      BlockingHandler gate = blocking = new BlockingHandler();
      try (var engine = engine(preemption, AgeingConfig.OFF, Clock.system())) {
        engine.submit(block("low", 1, 2));
        await().until(() -> state(engine, "low") == TaskState.RUNNING);
        var waiting = engine.submit(noop("same", preemption ? 1 : 9, 2));
        await().until(() -> engine.task("same").orElseThrow().waitingFor() != null);
        assertThat(state(engine, "low")).isEqualTo(TaskState.RUNNING);
        assertThat(engine.task("low").orElseThrow().attempt()).isEqualTo(1);
        assertThat(fx.events).noneMatch(e -> e.type() == EventType.REQUEUED);
        gate.release();
        assertThat(waiting.result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      }
    }
  }

  @Test
  void a_preempted_shell_task_has_its_process_killed() {
    try (var engine = engine(true, AgeingConfig.OFF, Clock.system())) {
      Task sleeper = Task.builder("sleeper", "shell").priority(0).cpu(2).memoryGb(0.1).storageGb(0.1)
          .command("sleep 60").build();
      engine.submit(sleeper);
      await().until(() -> fx.eventsOf("sleeper").stream().anyMatch(e -> e.type() == EventType.LAUNCHED));
      long pid = ((Number) fx.eventsOf("sleeper").stream().filter(e -> e.type() == EventType.LAUNCHED).findFirst()
          .orElseThrow().data().get("pid")).longValue();
      assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

      assertThat(engine.submit(noop("urgent", 5, 2)).result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      await().until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      assertThat(engine.task("sleeper").orElseThrow().attempts().get(0).failure()).isEqualTo(FailureKind.PREEMPTED);
    }
  }

  @Test
  void ageing_lets_a_low_priority_task_that_waited_go_before_newer_high_priority_work() {
    ManualClock clock = new ManualClock();
    try (var engine = engine(false, new AgeingConfig(Duration.ofMinutes(1), 10), clock)) {
      engine.submit(block("busy", 2, 2));
      await().until(() -> state(engine, "busy") == TaskState.RUNNING);
      engine.submit(block("old-low", 1, 2));
      await().until(() -> state(engine, "old-low") == TaskState.READY);
      for (int minute = 0; minute < 2; minute++) { // two levels: 1 + 2 > 2
        clock.advance(Duration.ofMinutes(1));
        await().until(() -> clock.pendingTimers() == 1); // the tick ran and armed the next one
      }
      engine.submit(block("new-high", 2, 2));
      await().until(() -> state(engine, "new-high") == TaskState.READY);
      blocking.release();
      await().until(() -> engine.counts().get(TaskState.SUCCEEDED) == 3);
      assertThat(startOrder()).containsExactly("busy", "old-low", "new-high");
    }
  }

  @Test
  void without_ageing_newer_high_priority_work_goes_first() {
    ManualClock clock = new ManualClock();
    try (var engine = engine(false, AgeingConfig.OFF, clock)) {
      engine.submit(block("busy", 2, 2));
      await().until(() -> state(engine, "busy") == TaskState.RUNNING);
      engine.submit(block("old-low", 1, 2));
      await().until(() -> state(engine, "old-low") == TaskState.READY);
      clock.advance(Duration.ofMinutes(2));
      engine.submit(block("new-high", 2, 2));
      await().until(() -> state(engine, "new-high") == TaskState.READY);
      blocking.release();
      await().until(() -> engine.counts().get(TaskState.SUCCEEDED) == 3);
      assertThat(startOrder()).containsExactly("busy", "new-high", "old-low");
    }
  }

  @Test
  void a_deadline_that_cannot_be_met_is_flagged_at_admission() {
    try (var engine = engine(false, AgeingConfig.OFF, new ManualClock())) {
      engine.submit(block("busy", 0, 2));
      await().until(() -> state(engine, "busy") == TaskState.RUNNING);
      engine.submit(Task.builder("hopeless", "noop").cpu(1).memoryGb(0.1).storageGb(0.1)
          .deadline(new Deadline.After(Duration.ofMinutes(1))).estimatedDuration(Duration.ofMinutes(10)).build());
      engine.submit(Task.builder("fine", "noop").cpu(1).memoryGb(0.1).storageGb(0.1)
          .deadline(new Deadline.After(Duration.ofHours(1))).estimatedDuration(Duration.ofMinutes(10)).build());
      await().until(() -> fx.eventsOf("hopeless").stream().anyMatch(e -> e.type() == EventType.ESCALATED));
      TaskEvent flag = fx.eventsOf("hopeless").stream().filter(e -> e.type() == EventType.ESCALATED).findFirst().orElseThrow();
      assertThat(flag.data()).containsEntry("deadline_at_risk", true);
      assertThat(flag.message()).contains("at admission").contains("cannot be met").contains("540.0 s late");
      await().until(() -> state(engine, "fine") == TaskState.READY);
      assertThat(fx.eventsOf("fine")).noneMatch(e -> e.type() == EventType.ESCALATED);
      blocking.release();
    }
  }

  @Test
  void a_task_not_started_by_its_latest_start_is_flagged_before_its_deadline_passes() {
    ManualClock clock = new ManualClock();
    try (var engine = engine(false, AgeingConfig.OFF, clock)) {
      engine.submit(block("busy", 0, 2));
      await().until(() -> state(engine, "busy") == TaskState.RUNNING);
      engine.submit(Task.builder("late", "noop").cpu(1).memoryGb(0.1).storageGb(0.1)
          .deadline(new Deadline.After(Duration.ofMinutes(10))).estimatedDuration(Duration.ofMinutes(2)).build());
      await().until(() -> state(engine, "late") == TaskState.READY);
      clock.advance(Duration.ofMinutes(7));
      assertThat(fx.eventsOf("late")).noneMatch(e -> e.type() == EventType.ESCALATED);

      clock.advance(Duration.ofMinutes(1)); // past the latest start (minute 8), before the deadline (minute 10)
      await().until(() -> fx.eventsOf("late").stream().anyMatch(e -> e.type() == EventType.ESCALATED));
      TaskEvent flag = fx.eventsOf("late").stream().filter(e -> e.type() == EventType.ESCALATED).findFirst().orElseThrow();
      assertThat(flag.data()).containsEntry("deadline_at_risk", true);
      assertThat(flag.message()).contains("has not started by");
      assertThat(state(engine, "late")).isEqualTo(TaskState.READY);

      clock.advance(Duration.ofMinutes(3));
      await().until(() -> state(engine, "late") == TaskState.DEADLINE_MISSED);
      assertThat(fx.eventsOf("late").stream().filter(e -> e.type() == EventType.ESCALATED)).hasSize(1);
      blocking.release();
    }
  }
}
