package io.taskexec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The engine end to end on random DAGs with random failures: every task ends, dependency order is
 * kept, and no allocation is left behind.
 */
class EngineProperties {

  @Property(tries = 25)
  void random_dags_end_in_order_and_leak_nothing(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n)
      throws Exception {
    Random rnd = new Random(seed);
    List<Task> tasks = new ArrayList<>();
    Map<String, List<Dependency>> deps = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Task.Builder b = Task.builder("t" + i, "sleep").param("duration", "0s")
          .param("fail", rnd.nextInt(6) == 0)
          .cpu(1 + rnd.nextInt(3)).memoryGb(0.5 + rnd.nextInt(4)).storageGb(1)
          .gpus(rnd.nextInt(4) == 0 ? 1 : 0).priority(rnd.nextInt(3));
      for (int k = 0; k < 3 && i > 0; k++) {
        if (rnd.nextBoolean()) continue;
        DependencyCondition c = DependencyCondition.values()[new int[] {0, 0, 0, 1, 3, 4}[rnd.nextInt(6)]];
        Dependency d = new Dependency("t" + rnd.nextInt(i), DependencyType.UPSTREAM, c);
        if (b.build().dependencies().stream().noneMatch(x -> x.taskId().equals(d.taskId()))) b.dependsOn(d);
      }
      Task t = b.build();
      deps.put(t.id(), t.dependencies());
      tasks.add(t);
    }
    EngineFixture fx = new EngineFixture();
    Path dir = Files.createTempDirectory("prop");
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 8, 10, 1)).agent(AgentSpec.of("b", 3, 16, 10, 2)).build()) {
      var handles = engine.submitAll(tasks);
      engine.whenIdle().get(60, TimeUnit.SECONDS);
      for (var h : handles) assertThat(h.result().get(1, TimeUnit.SECONDS).state().isTerminal()).isTrue();
      assertThat(engine.liveAllocations().get(5, TimeUnit.SECONDS)).isZero();

      Map<String, Long> started = new HashMap<>();
      Map<String, TaskEvent> ended = new HashMap<>();
      for (TaskEvent e : fx.events) {
        if (e.type() == EventType.STARTED) started.putIfAbsent(e.taskId(), e.seq());
        if (e.state().isTerminal()) ended.put(e.taskId(), e);
      }
      assertThat(ended).hasSize(n);
      for (Task t : tasks) {
        Long s = started.get(t.id());
        if (s == null) continue;
        for (Dependency d : deps.get(t.id())) {
          TaskEvent up = ended.get(d.taskId());
          switch (d.condition()) {
            case COMPLETION -> assertThat(up.state()).isEqualTo(TaskState.SUCCEEDED);
            case FAILURE -> assertThat(up.state()).isNotEqualTo(TaskState.SUCCEEDED);
            case START -> assertThat(started.get(d.taskId())).isLessThan(s);
            default -> { }
          }
          if (d.condition() != DependencyCondition.START) assertThat(up.seq()).isLessThan(s);
        }
      }
    }
  }

  /**
   * With preemption on, tasks of random priorities that arrive while others run: every task still
   * succeeds (a preempted one runs again), no agent ever holds more than it offers (the cpu of the
   * attempts placed and not ended, replayed from the events), a preempted attempt was always of a
   * strictly lower priority than some task placed right after it, and nothing leaks.
   */
  @Property(tries = 15)
  void preemption_keeps_capacity_and_every_task_ends(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n)
      throws Exception {
    Random rnd = new Random(seed);
    EngineFixture fx = new EngineFixture();
    Path dir = Files.createTempDirectory("prop");
    var e = EngineFixture.config(2, 16, io.taskexec.config.EngineConfig.DeadlinePolicy.MISS).engine();
    var config = io.taskexec.config.TaskExecutionConfig.DEFAULT.withEngine(
        e.withResourceManager(e.resourceManager().withPreemption(true)));
    Map<String, Task> byId = new HashMap<>();
    try (var engine = fx.builder(dir, AgentSpec.of("a", 4, 64, 100, 0)).config(config).build()) {
      List<io.taskexec.engine.TaskHandle> handles = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Task t = Task.builder("t" + i, "sleep").param("duration", (rnd.nextInt(20)) + "ms")
            .cpu(1 + rnd.nextInt(4)).memoryGb(1).storageGb(1).priority(rnd.nextInt(4)).build();
        byId.put(t.id(), t);
        handles.add(engine.submit(t));
      }
      engine.whenIdle().get(60, TimeUnit.SECONDS);
      for (var h : handles) assertThat(h.result().get(1, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(engine.liveAllocations().get(5, TimeUnit.SECONDS)).isZero();

      Map<String, Double> holding = new HashMap<>();
      for (TaskEvent ev : fx.events) {
        switch (ev.type()) {
          case PLACED -> holding.put(ev.taskId(), byId.get(ev.taskId()).requirements().cpuCores());
          case REQUEUED, SUCCEEDED, FAILED, RETRYING, TIMED_OUT, CANCELLED -> holding.remove(ev.taskId());
          default -> { }
        }
        assertThat(holding.values().stream().mapToDouble(Double::doubleValue).sum())
            .as("cpu held after event %s", ev.seq()).isLessThanOrEqualTo(4 * 1.2 + 1e-9);
      }
      long preempted = fx.events.stream().filter(x -> x.type() == EventType.REQUEUED).count();
      net.jqwik.api.statistics.Statistics.label("preemptions").collect(preempted == 0 ? "none" : "some");
      for (int i = 0; i < fx.events.size(); i++) {
        TaskEvent ev = fx.events.get(i);
        if (ev.type() != EventType.REQUEUED) continue;
        assertThat(ev.failure()).isEqualTo(io.taskexec.error.FailureKind.PREEMPTED);
        int victim = byId.get(ev.taskId()).priority();
        TaskEvent next = fx.events.stream().skip(i).filter(x -> x.type() == EventType.PLACED).findFirst().orElseThrow();
        assertThat(byId.get(next.taskId()).priority()).as("preempted by a higher priority").isGreaterThan(victim);
      }
    }
  }
}
