package io.taskexec.plan;

import static io.taskexec.task.DependencyCondition.COMPLETION;
import static io.taskexec.task.DependencyCondition.RESOURCE_AVAILABLE;
import static io.taskexec.task.DependencyCondition.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.task.TaskState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tasks added in several batches, rejected batches, and cancelling a task in any planner state. */
class PlannerBatchesTest extends PlannerFixture {

  @Test
  void a_dependency_on_a_task_that_succeeded_in_an_earlier_batch_is_met_at_once() {
    add(task("a"));
    pollAll();
    run("a", TaskState.SUCCEEDED);
    add(task("b").after("a"));
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void a_dependency_on_a_task_that_failed_in_an_earlier_batch_resolves_the_new_task_at_once() {
    add(task("a"));
    planner.finished("a", TaskState.FAILED);
    add(task("b").after("a"), task("c").after("b"), task("d").after("a"));
    assertThat(recorder.events).containsExactly(
        "ready a", "UPSTREAM_FAILED b", "UPSTREAM_FAILED c", "UPSTREAM_FAILED d");
    assertThat(planner.openCount()).isZero();
  }

  @Test
  void a_start_dependency_on_an_earlier_running_task_is_met_at_once() {
    add(task("a"));
    pollAll();
    planner.started("a");
    add(task("b").dependsOn(upstream("a", START)), task("c").after("a"));
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void a_start_dependency_on_an_earlier_task_cancelled_after_it_started_is_met() {
    add(task("a"));
    pollAll();
    planner.started("a");
    planner.finished("a", TaskState.CANCELLED);
    add(task("b").dependsOn(upstream("a", START)), task("c").after("a"));
    assertThat(pollAll()).containsExactly("b");
    assertThat(recorder.resolved).containsOnlyKeys("c");
  }

  @Test
  void a_downstream_edge_to_an_earlier_ready_task_sends_it_back_to_pending() {
    add(task("a"));
    add(task("first").dependsOn(downstream("a", COMPLETION)));
    assertThat(recorder.events).containsExactly("ready a", "pending a", "ready first");
    assertThat(pollAll()).containsExactly("first");
    run("first", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("a");
  }

  @Test
  void a_downstream_edge_to_a_started_or_polled_task_is_rejected() {
    add(task("a"), task("b"));
    pollAll();
    planner.started("a");
    assertThatThrownBy(() -> add(task("x").dependsOn(downstream("a", COMPLETION))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already started");
    assertThatThrownBy(() -> add(task("y").dependsOn(downstream("b", COMPLETION))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknown_tasks_unknown_resources_duplicates_and_cycles_are_rejected_without_change() {
    add(task("a"));
    assertThatThrownBy(() -> add(task("b").after("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> add(task("b").needs("gpu-licence")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpu-licence'");
    assertThatThrownBy(() -> add(task("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> add(task("b").after("c"), task("c").after("b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThatThrownBy(() -> add(task("b").after("b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThatThrownBy(() -> add(task("b").dependsOn(upstream("a", RESOURCE_AVAILABLE))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(planner.openCount()).isEqualTo(1);
    add(task("b").after("a"));
    assertThat(planner.openCount()).isEqualTo(2);
  }

  @Test
  void a_cycle_through_an_earlier_task_is_rejected() {
    add(task("a"), task("b").after("a"));
    assertThatThrownBy(() -> add(task("x").after("b").dependsOn(downstream("a", COMPLETION))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThat(recorder.events).containsExactly("ready a");
    assertThat(pollAll()).containsExactly("a");
  }

  @Test
  void cancelling_a_pending_task_resolves_its_dependents_and_it_never_becomes_ready() {
    add(task("a"), task("b").after("a"), task("c").after("b"));
    planner.finished("b", TaskState.CANCELLED);
    assertThat(recorder.resolved).containsOnlyKeys("c");
    pollAll();
    run("a", TaskState.SUCCEEDED);
    assertThat(pollAll()).isEmpty();
    assertThat(recorder.ready).containsExactly("a");
  }

  @Test
  void cancelling_a_ready_task_takes_it_out_of_the_queue() {
    add(task("a"), task("b"));
    assertThat(planner.readyCount()).isEqualTo(2);
    planner.finished("a", TaskState.CANCELLED);
    assertThat(planner.readyCount()).isEqualTo(1);
    assertThat(planner.openCount()).isEqualTo(1);
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void a_task_finished_meanwhile_is_not_requeued() {
    resources(Map.of("licence", 1));
    add(task("a").needs("licence"));
    PlanItem a = planner.pollReady();
    planner.finished("a", TaskState.CANCELLED);
    planner.requeue(a);
    assertThat(planner.readyCount()).isZero();
    assertThat(planner.freeUnits("licence")).isEqualTo(1);
  }

  @Test
  void requeue_of_a_task_that_was_not_polled_is_a_caller_mistake() {
    add(task("a"));
    PlanItem a = new PlanItem(task("a").build(), 0, null);
    assertThatThrownBy(() -> planner.requeue(a)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void methods_reject_unknown_task_ids() {
    assertThatThrownBy(() -> planner.started("ghost")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> planner.finished("ghost", TaskState.FAILED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void calls_by_item_act_on_the_item_added_and_fall_back_to_its_id_otherwise() {
    add(task("a"), task("b").after("a"));
    PlanItem a = planner.pollReady();
    planner.started(a);
    planner.finished(a, TaskState.SUCCEEDED, false);
    PlanItem lookalike = new PlanItem(task("b").build(), 99, null);
    assertThat(pollAll()).containsExactly("b");
    planner.finished(lookalike, TaskState.SUCCEEDED, false);
    assertThat(planner.openCount()).isZero();
    PlanItem stranger = new PlanItem(task("ghost").build(), 100, null);
    assertThatThrownBy(() -> planner.started(stranger))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
