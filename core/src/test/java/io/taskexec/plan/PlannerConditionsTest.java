package io.taskexec.plan;

import static io.taskexec.task.DependencyCondition.ANY;
import static io.taskexec.task.DependencyCondition.COMPLETION;
import static io.taskexec.task.DependencyCondition.FAILURE;
import static io.taskexec.task.DependencyCondition.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlannerConditionsTest extends PlannerFixture {

  @Test
  void completion_dependent_becomes_ready_only_after_its_upstream_succeeded() {
    add(task("a"), task("b").dependsOn(upstream("a", COMPLETION)));
    assertThat(pollAll()).containsExactly("a");
    planner.started("a");
    assertThat(recorder.ready).containsExactly("a");
    planner.finished("a", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("b");
  }

  @ParameterizedTest
  @EnumSource(names = {"FAILED", "TIMED_OUT", "CANCELLED", "DEADLINE_MISSED"})
  void completion_dependent_is_upstream_failed_when_its_upstream_ends_otherwise(TaskState end) {
    add(task("a"), task("b").after("a"));
    pollAll();
    planner.finished("a", end);
    assertThat(recorder.resolved).containsEntry("b", TaskState.UPSTREAM_FAILED);
    assertThat(recorder.reasons.get("b")).contains("'a'", end.name(), "completion");
    assertThat(planner.openCount()).isZero();
  }

  @Test
  void start_dependent_becomes_ready_when_its_upstream_starts() {
    add(task("a"), task("b").dependsOn(upstream("a", START)));
    assertThat(pollAll()).containsExactly("a");
    planner.started("a");
    assertThat(pollAll()).containsExactly("b");
    planner.finished("a", TaskState.FAILED);
    assertThat(recorder.resolved).isEmpty();
  }

  @Test
  void start_dependent_is_satisfied_by_an_upstream_that_ended_after_running() {
    add(task("a"), task("b").dependsOn(upstream("a", START)));
    pollAll();
    planner.finished("a", TaskState.TIMED_OUT);
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void start_dependent_is_upstream_failed_when_its_upstream_ends_without_starting() {
    add(task("a"), task("b").dependsOn(upstream("a", START)));
    planner.finished("a", TaskState.CANCELLED);
    assertThat(recorder.resolved).containsEntry("b", TaskState.UPSTREAM_FAILED);
  }

  @Test
  void failure_dependent_runs_when_its_upstream_fails() {
    add(task("a"), task("cleanup").dependsOn(upstream("a", FAILURE)));
    pollAll();
    run("a", TaskState.FAILED);
    assertThat(pollAll()).containsExactly("cleanup");
  }

  @Test
  void failure_dependent_is_skipped_when_its_upstream_succeeds() {
    add(task("a"), task("cleanup").dependsOn(upstream("a", FAILURE)), task("after").after("cleanup"));
    pollAll();
    run("a", TaskState.SUCCEEDED);
    assertThat(recorder.events).containsExactly(
        "ready a", "SKIPPED cleanup", "UPSTREAM_FAILED after");
  }

  @ParameterizedTest
  @EnumSource(names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "UPSTREAM_FAILED",
      "SKIPPED", "DEADLINE_MISSED"})
  void any_dependent_runs_whatever_its_upstream_outcome(TaskState end) {
    add(task("a"), task("report").dependsOn(upstream("a", ANY)));
    planner.finished("a", end);
    assertThat(pollAll()).containsExactly("report");
  }

  @Test
  void downstream_declares_the_inverse_edge() {
    add(task("a").dependsOn(downstream("b", COMPLETION)), task("b"));
    assertThat(pollAll()).containsExactly("a");
    run("a", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void upstream_failure_spreads_transitively_upstream_first() {
    add(task("a"), task("b").after("a"), task("c").after("b"), task("d").after("c"));
    pollAll();
    run("a", TaskState.FAILED);
    assertThat(recorder.events).containsExactly(
        "ready a", "UPSTREAM_FAILED b", "UPSTREAM_FAILED c", "UPSTREAM_FAILED d");
    assertThat(recorder.reasons.get("c")).contains("'b'", "UPSTREAM_FAILED");
  }

  @Test
  void resolved_tasks_count_as_unsuccessful_ends_that_did_not_start() {
    add(task("a"), task("b").after("a"),
        task("onFailure").dependsOn(upstream("b", FAILURE)),
        task("onAny").dependsOn(upstream("b", ANY)),
        task("onStart").dependsOn(upstream("b", START)));
    pollAll();
    run("a", TaskState.FAILED);
    assertThat(pollAll()).containsExactlyInAnyOrder("onFailure", "onAny");
    assertThat(recorder.resolved).containsEntry("onStart", TaskState.UPSTREAM_FAILED);
  }

  @Test
  void skip_dependents_turns_upstream_failed_into_skipped_all_the_way_down() {
    add(task("a"), task("b").after("a"), task("c").after("b"),
        task("onAny").dependsOn(upstream("c", ANY)));
    planner.finished("a", TaskState.CANCELLED, true);
    assertThat(recorder.resolved)
        .containsEntry("b", TaskState.SKIPPED)
        .containsEntry("c", TaskState.SKIPPED);
    assertThat(pollAll()).containsExactly("onAny");
    add(task("late").after("a"));
    assertThat(recorder.resolved).containsEntry("late", TaskState.SKIPPED);
  }

  @Test
  void finished_is_idempotent() {
    add(task("a"), task("b").after("a"));
    planner.finished("a", TaskState.FAILED);
    planner.finished("a", TaskState.SUCCEEDED);
    planner.finished("b", TaskState.CANCELLED);
    assertThat(recorder.resolved).containsOnlyKeys("b");
    assertThat(planner.openCount()).isZero();
    assertThat(pollAll()).isEmpty();
  }

  @Test
  void a_chain_of_a_million_tasks_resolves_without_overflowing_the_stack() {
    int n = 1_000_000;
    List<PlanItem> items = new ArrayList<>(n);
    Task first = task("t0").build();
    items.add(new PlanItem(first, 0, null));
    for (int i = 1; i < n; i++) {
      items.add(new PlanItem(new Task("t" + i, "shell", 0, null,
          Requirements.NONE,
          List.of(Dependency.after("t" + (i - 1))),
          null, null, null, null, null), i, null));
    }
    int[] resolved = new int[1];
    Planner chain = new Planner(Map.of(), new Planner.Listener() {
      @Override
      public void ready(PlanItem item) {}

      @Override
      public void resolved(String taskId, TaskState state, String reason) {
        resolved[0]++;
      }
    });
    chain.add(items);
    assertThat(chain.pollReady().id()).isEqualTo("t0");
    chain.finished("t0", TaskState.FAILED);
    assertThat(resolved[0]).isEqualTo(n - 1);
    assertThat(chain.openCount()).isZero();
  }
}
