package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.validate.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;
  final EngineFixture fx = new EngineFixture();

  static Task noop(String id, String... after) {
    return Task.builder(id, "noop").cpu(1).memoryGb(0.1).storageGb(0.1).after(after).build();
  }

  @Test
  void a_chain_of_tasks_runs_in_dependency_order() {
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      var handles = engine.submitAll(List.of(noop("c", "b"), noop("b", "a"), noop("a")));
      handles.forEach(h -> assertThat(h.result().join().state()).isEqualTo(TaskState.SUCCEEDED));
      engine.whenIdle().join();
      List<String> succeeded = fx.events.stream().filter(e -> e.type() == EventType.SUCCEEDED).map(TaskEvent::taskId).toList();
      assertThat(succeeded).containsExactly("a", "b", "c");
      long startB = fx.eventsOf("b").stream().filter(e -> e.type() == EventType.STARTED).findFirst().orElseThrow().seq();
      long doneA = fx.eventsOf("a").stream().filter(e -> e.type() == EventType.SUCCEEDED).findFirst().orElseThrow().seq();
      assertThat(startB).isGreaterThan(doneA);
    }
  }

  @Test
  void every_state_change_of_a_successful_task_is_one_event() {
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      engine.submit(noop("x")).result().join();
      engine.whenIdle().join();
      assertThat(fx.eventsOf("x")).extracting(TaskEvent::type).containsExactly(
          EventType.SUBMITTED, EventType.READY, EventType.PLACED, EventType.STARTED, EventType.SUCCEEDED);
    }
  }

  @Test
  void dependents_of_a_failed_task_become_upstream_failed_unless_their_condition_accepts_failure() {
    Task bad = Task.builder("bad", "shell").cpu(1).command("exit 3").build();
    Task child = Task.builder("child", "noop").cpu(1).after("bad").build();
    Task grandchild = Task.builder("grandchild", "noop").cpu(1).after("child").build();
    Task cleanup = Task.builder("cleanup", "noop").cpu(1)
        .dependsOn(new Dependency("bad", DependencyType.UPSTREAM, DependencyCondition.FAILURE)).build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      var h = engine.submitAll(List.of(bad, child, grandchild, cleanup));
      engine.whenIdle().join();
      TaskResult r = h.get(0).result().join();
      assertThat(r.state()).isEqualTo(TaskState.FAILED);
      assertThat(r.attempts()).singleElement().satisfies(a -> {
        assertThat(a.exitCode()).isEqualTo(3);
        assertThat(a.failure()).isEqualTo(FailureKind.NONZERO_EXIT);
      });
      assertThat(h.get(1).result().join().state()).isEqualTo(TaskState.UPSTREAM_FAILED);
      assertThat(h.get(2).result().join().state()).isEqualTo(TaskState.UPSTREAM_FAILED);
      assertThat(h.get(3).result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(fx.eventsOf("bad")).extracting(TaskEvent::type).contains(EventType.ESCALATED);
    }
  }

  @Test
  void a_flaky_handler_is_retried_with_backoff_and_every_attempt_is_kept() {
    AtomicInteger calls = new AtomicInteger();
    TaskHandler flaky = new TaskHandler() {
      public String type() { return "flaky"; }
      public Map<String, Object> handle(ExecutionContext ctx) {
        if (calls.incrementAndGet() < 3) throw new IllegalStateException("transient " + calls.get());
        return Map.of("ok", true);
      }
    };
    Task t = Task.builder("f", "flaky").cpu(1).retry(RetryPolicy.attempts(5, Duration.ofMillis(10))).build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).handler(flaky).build()) {
      TaskResult r = engine.submit(t).result().join();
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(r.output()).containsEntry("ok", true);
      assertThat(r.attempts()).extracting(AttemptRecord::outcome)
          .containsExactly(TaskState.RETRYING, TaskState.RETRYING, TaskState.SUCCEEDED);
      assertThat(r.attempts().get(0).message()).isEqualTo("transient 1");
      assertThat(fx.eventsOf("f")).filteredOn(e -> e.type() == EventType.RETRYING).hasSize(2);
    }
  }

  @Test
  void retries_stop_at_max_attempts_and_the_failure_is_escalated() {
    Task t = Task.builder("never", "shell").cpu(1).command("echo boom >&2; exit 1")
        .retry(RetryPolicy.attempts(2, Duration.ofMillis(1))).build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      TaskResult r = engine.submit(t).result().join();
      assertThat(r.state()).isEqualTo(TaskState.FAILED);
      assertThat(r.attempts()).hasSize(2);
      assertThat(r.reason()).contains("exit code 1").contains("boom");
      TaskEvent esc = fx.eventsOf("never").stream().filter(e -> e.type() == EventType.ESCALATED).findFirst().orElseThrow();
      assertThat(esc.message()).contains("stderr");
    }
  }

  @Test
  void shell_output_goes_to_per_attempt_log_files() throws Exception {
    Task t = Task.builder("log", "shell").cpu(1).command("echo to-out; echo to-err >&2").build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      TaskResult r = engine.submit(t).result().join();
      Path logs = r.attempts().get(0).logDirectory();
      assertThat(Files.readString(logs.resolve("attempt-1.stdout"))).isEqualTo("to-out\n");
      assertThat(Files.readString(logs.resolve("attempt-1.stderr"))).isEqualTo("to-err\n");
    }
  }

  @Test
  void a_timeout_kills_the_whole_process_tree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Task t = Task.builder("slow", "shell").cpu(1)
        .command("sleep 120 & echo $! > " + pidFile + "; wait").timeout(Duration.ofMillis(700)).build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      TaskResult r = engine.submit(t).result().get(30, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(TaskState.TIMED_OUT);
      assertThat(r.attempts().get(0).failure()).isEqualTo(FailureKind.TIMEOUT);
      long child = Long.parseLong(Files.readString(pidFile).trim());
      await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void cancelling_a_running_shell_task_kills_it_and_a_waiting_one_never_runs() throws Exception {
    Path pidFile = dir.resolve("p.pid");
    Task running = Task.builder("running", "shell").cpu(4).command("echo $$ > " + pidFile + "; exec sleep 120").build();
    Task waiting = Task.builder("waiting", "noop").cpu(4).build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      var h = engine.submitAll(List.of(running, waiting));
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
      assertThat(engine.task("waiting").orElseThrow().state()).isEqualTo(TaskState.READY);
      engine.cancel("waiting", "not needed");
      engine.cancel("running", "stop it");
      assertThat(h.get(0).result().get(20, TimeUnit.SECONDS).state()).isEqualTo(TaskState.CANCELLED);
      assertThat(h.get(1).result().get(20, TimeUnit.SECONDS).state()).isEqualTo(TaskState.CANCELLED);
      assertThat(h.get(1).result().join().attempts()).isEmpty();
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void gpus_are_handed_to_tasks_as_distinct_cuda_visible_devices() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskHandler gpu = new TaskHandler() {
      public String type() { return "gpu"; }
      public Map<String, Object> handle(ExecutionContext ctx) throws Exception {
        seen.add(ctx.environment().get("CUDA_VISIBLE_DEVICES"));
        bothRunning.countDown();
        bothRunning.await(10, TimeUnit.SECONDS);
        return Map.of();
      }
    };
    Task g1 = Task.builder("g1", "gpu").cpu(1).gpus(1).build();
    Task g2 = Task.builder("g2", "gpu").cpu(1).gpus(1).build();
    Task shell = Task.builder("g3", "shell").cpu(1).gpus(2).after("g1", "g2").command("echo \"$CUDA_VISIBLE_DEVICES\"").build();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 2)).handler(gpu).build()) {
      var h = engine.submitAll(List.of(g1, g2, shell));
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      assertThat(seen).containsExactlyInAnyOrder("0", "1");
      TaskResult r = h.get(2).result().join();
      assertThat(r.attempts().get(0).gpuIndices()).containsExactly(0, 1);
      assertThat(Files.readString(r.attempts().get(0).logDirectory().resolve("attempt-1.stdout")).trim()).isEqualTo("0,1");
    }
  }

  @Test
  void an_invalid_batch_is_rejected_whole_and_nothing_runs() {
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).build()) {
      Task ok = noop("ok");
      Task badType = Task.builder("bad", "no-such-type").cpu(1).build();
      Task tooBig = Task.builder("big", "noop").cpu(64).build();
      assertThatThrownBy(() -> engine.submitAll(List.of(ok, badType, tooBig)))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).problems()).hasSizeGreaterThanOrEqualTo(2));
      assertThat(engine.task("ok")).isEmpty();
      assertThat(fx.events).isEmpty();
    }
  }

  @Test
  void the_worker_pool_grows_under_backlog_and_shrinks_when_idle() throws Exception {
    BlockingHandler block = new BlockingHandler();
    var cfg = EngineFixture.config(1, 8, io.taskexec.config.EngineConfig.DeadlinePolicy.MISS);
    try (var engine = fx.builder(dir, AgentSpec.of("a", 64, 64, 64, 0)).config(cfg).handler(block).build()) {
      assertThat(engine.workerCount()).isEqualTo(1);
      List<Task> tasks = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) tasks.add(Task.builder("b" + i, "block").cpu(1).build());
      engine.submitAll(tasks);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.workerCount() == 8);
      assertThat(engine.counts().get(TaskState.RUNNING)).isEqualTo(8);
      block.release();
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.workerCount() == 1);
      assertThat(engine.peakWorkerCount()).isEqualTo(8);
    }
  }

  @Test
  void a_task_that_never_fits_now_waits_for_capacity_and_runs_when_it_frees() throws Exception {
    BlockingHandler block = new BlockingHandler();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 2, 8, 10, 0)).handler(block).build()) {
      var first = engine.submit(Task.builder("holder", "block").cpu(2).build());
      await().until(() -> engine.task("holder").orElseThrow().state() == TaskState.RUNNING);
      var second = engine.submit(Task.builder("waiter", "noop").cpu(2).build());
      await().until(() -> engine.task("waiter").orElseThrow().waitingFor() != null);
      assertThat(engine.task("waiter").orElseThrow().waitingFor()).containsIgnoringCase("cpu");
      block.release();
      assertThat(second.result().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(first.result().join().state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }
}
