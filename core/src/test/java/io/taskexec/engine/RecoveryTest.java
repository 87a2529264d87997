package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.ConflictException;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  @TempDir Path dir;
  final InMemoryStateStore store = new InMemoryStateStore();
  final Map<String, AtomicInteger> runsOf = new ConcurrentHashMap<>();
  final CountDownLatch blockFirstRun = new CountDownLatch(1);

  final TaskHandler counting = new TaskHandler() {
    public String type() { return "count"; }
    public Map<String, Object> handle(ExecutionContext ctx) throws Exception {
      int n = runsOf.computeIfAbsent(ctx.task().id(), k -> new AtomicInteger()).incrementAndGet();
      if (ctx.task().id().equals("slow") && n == 1) blockFirstRun.await(30, TimeUnit.SECONDS);
      return Map.of();
    }
  };

  private TaskExecutionEngine engine(EngineFixture fx) {
    return fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 0)).store(store).handler(counting).build();
  }

  private static List<Task> tasks() {
    return List.of(
        Task.builder("done", "count").cpu(1).build(),
        Task.builder("slow", "count").cpu(1).build(),
        Task.builder("after-slow", "count").cpu(1).after("slow", "done").build());
  }

  @Test
  void a_restarted_engine_reruns_interrupted_work_and_never_reruns_what_succeeded() throws Exception {
    EngineFixture first = new EngineFixture();
    TaskExecutionEngine crashed = engine(first);
    crashed.submitAll(tasks());
    await().until(() -> crashed.task("slow").orElseThrow().state() == TaskState.RUNNING
        && crashed.task("done").orElseThrow().state() == TaskState.SUCCEEDED);
    await().until(() -> store.events().stream().anyMatch(e -> e.taskId().equals("slow") && e.type() == EventType.STARTED));
    crashed.halt();

    EngineFixture second = new EngineFixture();
    try (TaskExecutionEngine engine = engine(second)) {
      assertThat(engine.recovered()).isEqualTo(new TaskExecutionEngine.RecoverySummary(1, 1, 1));
      assertThat(store.agents()).extracting(a -> a.id()).containsExactly("a");
      var handles = engine.submitAll(tasks());
      assertThat(handles.get(1).result().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(handles.get(2).result().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(handles.get(0).result().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      TaskResult slow = handles.get(1).result().join();
      assertThat(slow.attempts()).hasSize(2);
      assertThat(slow.attempts().get(0).failure()).isEqualTo(FailureKind.LOST_WORKER);
      assertThat(slow.attempts().get(1).attempt()).isEqualTo(2);
      assertThat(second.eventsOf("slow")).extracting(e -> e.type()).contains(EventType.REQUEUED);
    }
    blockFirstRun.countDown();
    assertThat(runsOf.get("done").get()).isEqualTo(1);
    assertThat(runsOf.get("after-slow").get()).isEqualTo(1);
    assertThat(runsOf.get("slow").get()).isEqualTo(2);
  }

  @Test
  void resubmitting_an_id_with_a_different_spec_is_a_conflict() {
    try (TaskExecutionEngine engine = engine(new EngineFixture())) {
      engine.submit(Task.builder("x", "count").cpu(1).build()).result().join();
      engine.submit(Task.builder("x", "count").cpu(1).build());
      assertThatThrownBy(() -> engine.submit(Task.builder("x", "count").cpu(2).build()))
          .isInstanceOf(ConflictException.class).hasMessageContaining("x");
    }
  }
}
