package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.place.AgentResources;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhyPendingTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final List<Integer> NO_GPUS = List.of();

  static AgentResources agent(String id, double cpu, double mem) {
    return new AgentResources(id, cpu, mem, 100, NO_GPUS);
  }

  static WhyPending.Situation situation(Task t, TaskState state, Map<String, TaskState> states,
      List<AgentResources> capacity, List<AgentResources> free) {
    return new WhyPending.Situation(t, state, WhyPending.edgesInto(t, List.of(t)),
        id -> Optional.ofNullable(states.get(id)), Map.of(), Map.of(), capacity, free, 0, 0, NOW,
        null, null);
  }

  @Test
  void anUnmetDependencyNamesTheTaskAndCondition() {
    Task t = Task.builder("deploy", "shell").cpu(1).memoryGb(1)
        .dependsOn(new Dependency("build", DependencyType.UPSTREAM, DependencyCondition.COMPLETION))
        .dependsOn(new Dependency("lint", DependencyType.UPSTREAM, DependencyCondition.START))
        .build();
    List<AgentResources> a = List.of(agent("a1", 8, 16));
    var reasons = WhyPending.explain(situation(t, TaskState.PENDING,
        Map.of("build", TaskState.RUNNING, "lint", TaskState.RUNNING), a, a));
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0)).isEqualTo(new WhyPending.UnmetDependency("build",
        DependencyCondition.COMPLETION, TaskState.RUNNING));
    assertThat(reasons.get(0).message())
        .isEqualTo("waits for task 'build' to succeed (condition completion); it is RUNNING");
  }

  @Test
  void aDownstreamDeclarationOfAnotherTaskIsAnEdgeToo() {
    Task t = Task.builder("report", "shell").build();
    Task other = Task.builder("cleanup", "shell")
        .dependsOn(new Dependency("report", DependencyType.DOWNSTREAM, DependencyCondition.ANY)).build();
    assertThat(WhyPending.edgesInto(t, List.of(t, other)))
        .containsExactly(new WhyPending.Edge("cleanup", DependencyCondition.ANY));
  }

  @Test
  void notEnoughOfAResourceNamesTheShortfallAndTheClosestAgent() {
    Task t = Task.builder("train", "shell").cpu(8).memoryGb(32).build();
    List<AgentResources> cap = List.of(agent("a1", 16, 64), agent("a2", 16, 64));
    List<AgentResources> free = List.of(agent("a1", 2, 40), agent("a2", 6, 30));
    var reasons = WhyPending.explain(situation(t, TaskState.READY, Map.of(), cap, free));
    assertThat(reasons).containsExactly(
        new WhyPending.ResourceShort("cpu", 8, 6, "a2", 2, 6),
        new WhyPending.ResourceShort("memory", 32, 30, "a2", 2, 40));
    assertThat(reasons.get(0).message()).isEqualTo("not enough cpu: needs 8 cores; the closest agent,"
        + " 'a2', has 6 cores free (short by 2 cores); the most free on any agent is 6 cores");
  }

  @Test
  void aTaskLargerThanEveryAgentNeverFits() {
    Task t = Task.builder("huge", "shell").cpu(64).memoryGb(1).build();
    List<AgentResources> cap = List.of(agent("a1", 16, 64));
    var reasons = WhyPending.explain(situation(t, TaskState.READY, Map.of(), cap, cap));
    assertThat(reasons).containsExactly(new WhyPending.NeverFits("cpu", 64, 16));
  }

  @Test
  void aTaskThatFitsSomewhereHasNoPlacementReason() {
    Task t = Task.builder("ok", "shell").cpu(2).memoryGb(1).build();
    List<AgentResources> cap = List.of(agent("a1", 16, 64), agent("a2", 16, 64));
    List<AgentResources> free = List.of(agent("a1", 1, 64), agent("a2", 2, 1));
    assertThat(WhyPending.explain(situation(t, TaskState.READY, Map.of(), cap, free))).isEmpty();
  }

  @Test
  void aNamedResourceTakenNamesItsHolders() {
    Task t = Task.builder("migrate", "shell").cpu(1).memoryGb(1).needs("db").build();
    List<AgentResources> a = List.of(agent("a1", 8, 16));
    var s = new WhyPending.Situation(t, TaskState.READY, List.of(), id -> Optional.empty(),
        Map.of("db", 1), Map.of("db", List.of("backup")), a, a, 0, 0, NOW, null, null);
    var reasons = WhyPending.explain(s);
    assertThat(reasons).containsExactly(new WhyPending.NamedResourceTaken("db", 1, List.of("backup")));
    assertThat(reasons.get(0).message())
        .isEqualTo("named resource 'db' is taken: all 1 unit is held by 'backup'");
  }

  @Test
  void aFullWorkerPoolIsAQuota() {
    Task t = Task.builder("x", "shell").cpu(1).memoryGb(1).build();
    List<AgentResources> a = List.of(agent("a1", 8, 16));
    var s = new WhyPending.Situation(t, TaskState.READY, List.of(), id -> Optional.empty(), Map.of(),
        Map.of(), a, a, 4, 4, NOW, null, null);
    assertThat(WhyPending.explain(s)).containsExactly(new WhyPending.QuotaReached("max_workers", 4, 4));
  }

  @Test
  void reasonsComeInTheOrderOfTheGates() {
    Task t = Task.builder("all", "shell").cpu(32).memoryGb(1).needs("db").after("up").build();
    List<AgentResources> cap = List.of(agent("a1", 64, 16));
    List<AgentResources> free = List.of(agent("a1", 4, 16));
    var s = new WhyPending.Situation(t, TaskState.PENDING, WhyPending.edgesInto(t, List.of(t)),
        id -> Optional.of(TaskState.PENDING), Map.of("db", 1), Map.of("db", List.of("holder")),
        cap, free, 2, 2, NOW, NOW.plusSeconds(10), Duration.ofSeconds(60));
    assertThat(WhyPending.explain(s)).extracting(WhyPending.Reason::kind)
        .containsExactly("dependency", "named_resource", "quota", "resource", "deadline");
  }

  @Test
  void anEndedOrRunningTaskWaitsForNothing() {
    Task t = Task.builder("done", "shell").after("up").build();
    assertThat(WhyPending.explain(situation(t, TaskState.SUCCEEDED, Map.of(), List.of(), List.of())))
        .isEmpty();
    assertThat(WhyPending.explain(situation(t, TaskState.RUNNING, Map.of(), List.of(), List.of())))
        .isEmpty();
  }

  @Test
  void aDeadlineThatTheEstimatesCannotMeetIsFlaggedAtAdmission() {
    // "second" (30 s) waits for "first" (50 s) and is due in 60 s: it cannot end before 80 s
    Task first = Task.builder("first", "shell").estimatedDuration(Duration.ofSeconds(50)).build();
    Task second = Task.builder("second", "shell").after("first")
        .estimatedDuration(Duration.ofSeconds(30)).build();
    Map<String, Task> byId = Map.of("first", first, "second", second);
    Duration path = WhyPending.pathToEnd(second, byId::get, id -> false);
    assertThat(path).isEqualTo(Duration.ofSeconds(80));
    Instant deadline = NOW.plusSeconds(60);
    var flag = WhyPending.deadlineAtRisk(NOW, deadline, path);
    assertThat(flag).contains(new WhyPending.DeadlineAtRisk(deadline, NOW.plusSeconds(80)));
    assertThat(flag.orElseThrow().message()).contains("20.0 s late");
    assertThat(WhyPending.deadlineAtRisk(NOW, NOW.plusSeconds(90), path)).isEmpty();
    // once "first" has ended, only the task's own duration is left
    assertThat(WhyPending.pathToEnd(second, byId::get, "first"::equals)).isEqualTo(Duration.ofSeconds(30));
    // a task without an estimate counts 1 s, as in the planner
    assertThat(WhyPending.pathToEnd(Task.builder("x", "shell").build(), id -> null, id -> false))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theRemainingPathOfThePlannerRunsToTheEndOfTheDependents() {
    Planner p = new Planner(Map.of(), new Planner.Listener() {
      @Override
      public void ready(PlanItem item) {}

      @Override
      public void resolved(String taskId, TaskState state, String reason) {}
    });
    Task first = Task.builder("first", "shell").estimatedDuration(Duration.ofSeconds(50)).build();
    Task second = Task.builder("second", "shell").after("first")
        .estimatedDuration(Duration.ofSeconds(30)).build();
    p.add(List.of(new PlanItem(first, 1, null), new PlanItem(second, 2, null)));
    assertThat(p.remainingPath("first")).isEqualTo(Duration.ofSeconds(80));
    assertThat(p.remainingPath("second")).isEqualTo(Duration.ofSeconds(30));
  }
}
