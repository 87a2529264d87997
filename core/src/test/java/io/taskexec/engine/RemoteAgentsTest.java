package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.config.EngineConfig;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.AttemptResult;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's side of remote agents: dispatch, reports, fencing, agents that come and go. */
class RemoteAgentsTest {
  @TempDir Path dir;
  final EngineFixture fx = new EngineFixture();
  final Recorder transport = new Recorder();

  /** What the engine hands to a transport. */
  static final class Recorder implements AttemptDispatcher {
    final List<Placement> placed = new CopyOnWriteArrayList<>();
    final List<String> cancels = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @Override
    public void dispatch(List<Placement> placements) {
      batchSizes.add(placements.size());
      placed.addAll(placements);
    }

    @Override
    public void cancel(Placement p, FailureKind reason) {
      cancels.add(p.taskId() + "#" + p.attempt() + ":" + reason);
    }
  }

  TaskExecutionEngine engine() {
    return TaskExecutionEngine.builder()
        .config(EngineFixture.config(1, 2, EngineConfig.DeadlinePolicy.MISS))
        .remoteAgents(transport)
        .dataDirectory(dir)
        .store(new InMemoryStateStore())
        .listener(fx.events::addAll)
        .build();
  }

  static Task task(String id) {
    return Task.builder(id, "noop").cpu(1).memoryGb(0.5).storageGb(0.1).build();
  }

  static AttemptReport ok(String id, int attempt) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new AttemptReport.Ended(id, attempt, t, t.plusMillis(5), AttemptResult.EXIT_0, "/var/log/x");
  }

  @Test
  void a_task_waits_without_agents_then_runs_remotely_and_ends_by_report() {
    try (var engine = engine()) {
      assertThat(engine.agents()).isEmpty();
      var h = engine.submit(task("t"));
      await().until(() -> engine.task("t").orElseThrow().state() == TaskState.READY);
      assertThat(transport.placed).isEmpty();

      engine.addAgent(AgentSpec.of("r1", 2, 4, 10, 0));
      await().until(() -> transport.placed.size() == 1);
      Placement p = transport.placed.get(0);
      assertThat(p.agentId()).isEqualTo("r1");
      assertThat(p.attempt()).isEqualTo(1);
      assertThat(p.task()).isEqualTo(task("t"));

      engine.report("r1", List.of(new AttemptReport.Started("t", 1, Instant.parse("2026-01-01T00:00:00Z")))).join();
      assertThat(engine.task("t").orElseThrow().state()).isEqualTo(TaskState.RUNNING);
      engine.report("r1", List.of(new AttemptReport.Progress("t", 1, 0.5, "half"), ok("t", 1))).join();

      TaskResult r = h.result().join();
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(r.attempts()).singleElement().satisfies(a -> {
        assertThat(a.agentId()).isEqualTo("r1");
        assertThat(a.logDirectory()).isEqualTo(Path.of("/var/log/x"));
      });
      assertThat(fx.eventsOf("t")).extracting(TaskEvent::type).containsExactly(EventType.SUBMITTED, EventType.READY,
          EventType.PLACED, EventType.STARTED, EventType.PROGRESS, EventType.SUCCEEDED);
      assertThat(engine.staleReports()).isZero();
    }
  }

  @Test
  void a_lost_agent_gives_its_attempts_back_and_their_late_results_are_fenced_off() {
    try (var engine = engine()) {
      engine.addAgent(AgentSpec.of("r1", 1, 4, 10, 0));
      var h = engine.submit(task("t"));
      await().until(() -> transport.placed.size() == 1);
      engine.report("r1", List.of(new AttemptReport.Started("t", 1, Instant.parse("2026-01-01T00:00:00Z")))).join();

      assertThat(engine.removeAgent("r1", "lost (no heartbeat for 10s)").join()).isEqualTo(1);
      await().until(() -> engine.task("t").orElseThrow().state() == TaskState.READY);
      TaskEvent requeued = fx.eventsOf("t").stream().filter(e -> e.type() == EventType.REQUEUED).findFirst().orElseThrow();
      assertThat(requeued.failure()).isEqualTo(FailureKind.LOST_WORKER);
      assertThat(requeued.message()).contains("agent r1 lost (no heartbeat for 10s)").contains("attempt 1 is lost");

      engine.addAgent(AgentSpec.of("r2", 1, 4, 10, 0));
      await().until(() -> transport.placed.size() == 2);
      assertThat(transport.placed.get(1).agentId()).isEqualTo("r2");
      assertThat(transport.placed.get(1).attempt()).isEqualTo(2);

      engine.report("r1", List.of(ok("t", 1))).join(); // the lost agent's late result
      assertThat(engine.staleReports()).isEqualTo(1);
      assertThat(engine.task("t").orElseThrow().state()).isEqualTo(TaskState.PLACED);

      engine.report("r1", List.of(ok("t", 2))).join(); // the right attempt from the wrong agent
      assertThat(engine.staleReports()).isEqualTo(2);
      engine.report("r2", List.of(ok("t", 2))).join();
      TaskResult r = h.result().join();
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(r.attempts()).extracting(AttemptRecord::agentId).containsExactly("r1", "r2");
      assertThat(r.attempts().get(0).failure()).isEqualTo(FailureKind.LOST_WORKER);
      assertThat(engine.agents()).extracting(AgentSpec::id).containsExactly("r2");
    }
  }

  @Test
  void a_new_coordinator_adopts_the_attempts_in_flight_and_gives_up_those_no_agent_claims() {
    InMemoryStateStore store = new InMemoryStateStore();
    TaskExecutionEngine first = TaskExecutionEngine.builder().config(EngineFixture.config(1, 2, EngineConfig.DeadlinePolicy.MISS))
        .remoteAgents(transport).dataDirectory(dir).store(store).build();
    first.addAgent(AgentSpec.of("r1", 4, 8, 10, 0));
    first.submitAll(List.of(task("kept"), task("dropped")));
    await().until(() -> transport.placed.size() == 2);
    first.report("r1", List.of(new AttemptReport.Started("kept", 1, Instant.parse("2026-01-01T00:00:00Z")))).join();
    first.halt(); // the leader dies

    Recorder next = new Recorder();
    try (var engine = TaskExecutionEngine.builder().config(EngineFixture.config(1, 2, EngineConfig.DeadlinePolicy.MISS))
        .remoteAgents(next).dataDirectory(dir).store(store).listener(fx.events::addAll).build()) {
      await().until(() -> engine.task("kept").orElseThrow().state() == TaskState.RUNNING);
      assertThat(engine.task("dropped").orElseThrow().state()).isEqualTo(TaskState.PLACED);
      assertThat(engine.recovered().interrupted()).isEqualTo(2);

      engine.report("r1", List.of(ok("kept", 1))).join(); // its agent finished it meanwhile
      assertThat(engine.task("kept").orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(engine.task("kept").orElseThrow().attempts()).singleElement()
          .satisfies(a -> assertThat(a.outcome()).isEqualTo(TaskState.SUCCEEDED));

      assertThat(engine.attemptLost("dropped", 1, "agent r1 did not come back").join()).isTrue();
      assertThat(engine.attemptLost("dropped", 1, "again").join()).isFalse();
      engine.addAgent(AgentSpec.of("r2", 4, 8, 10, 0));
      await().until(() -> next.placed.size() == 1);
      assertThat(next.placed.get(0).attempt()).isEqualTo(2);
      engine.report("r2", List.of(ok("dropped", 2))).join();
      await().until(() -> engine.task("dropped").orElseThrow().state() == TaskState.SUCCEEDED);
      assertThat(engine.task("dropped").orElseThrow().attempts()).extracting(AttemptRecord::failure)
          .containsExactly(FailureKind.LOST_WORKER, null);
    }
  }

  @Test
  void a_repeated_report_changes_nothing() {
    try (var engine = engine()) {
      engine.addAgent(AgentSpec.of("r1", 2, 4, 10, 0));
      var h = engine.submit(task("t"));
      await().until(() -> transport.placed.size() == 1);
      engine.report("r1", List.of(ok("t", 1), ok("t", 1))).join();
      engine.report("r1", List.of(ok("t", 1))).join();
      assertThat(h.result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(engine.staleReports()).isEqualTo(2);
      assertThat(fx.eventsOf("t").stream().filter(e -> e.type() == EventType.SUCCEEDED)).hasSize(1);
    }
  }

  @Test
  void cancelling_a_remote_attempt_asks_its_agent_and_ends_with_the_agents_report() {
    try (var engine = engine()) {
      engine.addAgent(AgentSpec.of("r1", 2, 4, 10, 0));
      var h = engine.submit(task("t"));
      await().until(() -> transport.placed.size() == 1);
      engine.report("r1", List.of(new AttemptReport.Started("t", 1, Instant.parse("2026-01-01T00:00:00Z")))).join();
      engine.cancel("t", "no longer needed");
      await().until(() -> transport.cancels.contains("t#1:CANCELLED"));
      assertThat(engine.task("t").orElseThrow().state()).isEqualTo(TaskState.RUNNING);
      Instant t = Instant.parse("2026-01-01T00:00:01Z");
      engine.report("r1", List.of(new AttemptReport.Ended("t", 1, null, t,
          AttemptResult.failure(FailureKind.CANCELLED, "cancelled"), null))).join();
      assertThat(h.result().join().state()).isEqualTo(TaskState.CANCELLED);
    }
  }

  @Test
  void one_round_hands_many_placements_to_the_transport_at_once() {
    try (var engine = engine()) {
      List<Task> tasks = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) tasks.add(task("t" + i));
      engine.submitAll(tasks);
      await().until(() -> engine.task("t199").orElseThrow().state() == TaskState.READY);
      engine.addAgent(AgentSpec.of("big", 400, 400, 100, 0));
      await().until(() -> transport.placed.size() == 200);
      assertThat(transport.batchSizes).hasSizeLessThan(10); // batches, not one call per placement
      List<AttemptReport> all = new java.util.ArrayList<>();
      for (Placement p : transport.placed) all.add(ok(p.taskId(), p.attempt()));
      engine.report("big", all).join();
      engine.whenIdle().join();
      assertThat(engine.counts()).containsEntry(TaskState.SUCCEEDED, 200L);
      assertThat(engine.liveAllocations().join()).isZero();
    }
  }

  @Test
  void an_agent_added_at_runtime_to_an_embedded_engine_runs_on_its_worker_pool() {
    try (var engine = fx.builder(dir, AgentSpec.of("small", 1, 1, 1, 0)).build()) {
      Task big = Task.builder("big", "noop").cpu(4).memoryGb(0.5).storageGb(0.1).build();
      assertThat(engine.validate(List.of(big), io.taskexec.validate.SourceMap.EMPTY)).isNotEmpty(); // never fits yet
      engine.addAgent(AgentSpec.of("large", 8, 16, 10, 0));
      assertThat(engine.submit(big).result().join().state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(engine.task("big").orElseThrow().attempts().get(0).agentId()).isEqualTo("large");
    }
  }

  @Test
  void a_placement_its_agent_does_not_start_within_the_rebalance_interval_moves_to_an_agent_with_room() {
    io.taskexec.time.ManualClock clock = new io.taskexec.time.ManualClock();
    try (var engine = TaskExecutionEngine.builder()
        .config(EngineFixture.config(1, 2, EngineConfig.DeadlinePolicy.MISS)) // rebalance_interval: 300 s
        .clock(clock)
        .remoteAgents(transport)
        .dataDirectory(dir)
        .store(new InMemoryStateStore())
        .listener(fx.events::addAll)
        .build()) {
      engine.addAgent(AgentSpec.of("small", 2, 4, 10, 0));
      engine.addAgent(AgentSpec.of("large", 4, 8, 10, 0));
      var stuck = engine.submit(task("stuck"));
      var started = engine.submit(task("started"));
      await().until(() -> transport.placed.size() == 2);
      assertThat(transport.placed).extracting(Placement::agentId).containsOnly("small"); // best fit
      engine.report("small", List.of(new AttemptReport.Started("started", 1, clock.now()))).join();

      clock.advance(java.time.Duration.ofSeconds(299));
      clock.advance(java.time.Duration.ofSeconds(1)); // one whole interval: "small" is busy
      await().until(() -> transport.placed.size() == 3);
      Placement moved = transport.placed.get(2);
      assertThat(moved.taskId()).isEqualTo("stuck");
      assertThat(moved.agentId()).isEqualTo("large");
      assertThat(moved.attempt()).isEqualTo(1);
      assertThat(transport.cancels).containsExactly("stuck#1:LOST_WORKER");
      TaskEvent placedAgain = fx.eventsOf("stuck").stream().filter(e -> e.type() == EventType.PLACED).reduce((a, b) -> b).orElseThrow();
      assertThat(placedAgain.agentId()).isEqualTo("large");
      assertThat(placedAgain.data()).containsEntry("moved_from", "small");
      assertThat(placedAgain.message()).contains("moved from agent small").contains("to agent large");

      engine.report("small", List.of(ok("stuck", 1))).join(); // the old agent's late result: fenced off
      assertThat(engine.staleReports()).isEqualTo(1);
      assertThat(engine.task("stuck").orElseThrow().state()).isEqualTo(TaskState.PLACED);
      engine.report("large", List.of(ok("stuck", 1))).join();
      engine.report("small", List.of(ok("started", 1))).join();
      assertThat(stuck.result().join().attempts()).singleElement().satisfies(a -> assertThat(a.agentId()).isEqualTo("large"));
      assertThat(started.result().join().attempts()).singleElement().satisfies(a -> assertThat(a.agentId()).isEqualTo("small"));
      assertThat(engine.liveAllocations().join()).isZero();
    }
  }
}
