package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.TaskState;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlannerResourcesTest extends PlannerFixture {

  @BeforeEach
  void licences() {
    resources(Map.of("licence", 1, "pool", 2));
  }

  @Test
  void a_resource_with_one_unit_runs_its_tasks_one_at_a_time() {
    add(task("a").needs("licence"), task("b").needs("licence"), task("free"));
    assertThat(pollAll()).containsExactly("a", "free");
    assertThat(planner.freeUnits("licence")).isZero();
    assertThat(planner.readyCount()).isZero();
    run("a", TaskState.SUCCEEDED);
    assertThat(planner.freeUnits("licence")).isEqualTo(1);
    assertThat(planner.readyCount()).isEqualTo(1);
    assertThat(pollAll()).containsExactly("b");
  }

  @Test
  void a_resource_with_two_units_runs_two_tasks_at_a_time() {
    add(task("a").needs("pool"), task("b").needs("pool"), task("c").needs("pool"));
    assertThat(pollAll()).containsExactly("a", "b");
    assertThat(planner.freeUnits("pool")).isZero();
    planner.releaseResources("b");
    assertThat(pollAll()).containsExactly("c");
  }

  @Test
  void a_task_needing_two_resources_waits_for_both() {
    add(task("holdsLicence").needs("licence"), task("both").needs("pool").needs("licence"),
        task("poolOnly").needs("pool"));
    assertThat(pollAll()).containsExactly("holdsLicence", "poolOnly");
    assertThat(planner.freeUnits("pool")).isEqualTo(1);
    planner.finished("holdsLicence", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("both");
    assertThat(planner.freeUnits("pool")).isZero();
    assertThat(planner.freeUnits("licence")).isZero();
  }

  @Test
  void release_resources_is_idempotent() {
    add(task("a").needs("pool"));
    pollAll();
    planner.releaseResources("a");
    planner.releaseResources("a");
    planner.finished("a", TaskState.SUCCEEDED);
    assertThat(planner.freeUnits("pool")).isEqualTo(2);
  }

  @Test
  void requeue_releases_resources_and_puts_the_task_back_in_its_place() {
    add(task("a").priority(5).needs("licence"), task("b").needs("licence"));
    PlanItem a = planner.pollReady();
    assertThat(a.id()).isEqualTo("a");
    planner.requeue(a);
    assertThat(planner.freeUnits("licence")).isEqualTo(1);
    assertThat(pollAll()).containsExactly("a");
  }

  @Test
  void cancelling_a_task_parked_on_a_resource_takes_it_off_the_wait_list() {
    add(task("a").needs("licence"), task("parked").needs("licence"), task("next").needs("licence"));
    assertThat(pollAll()).containsExactly("a");
    planner.finished("parked", TaskState.CANCELLED);
    run("a", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("next");
    assertThat(planner.openCount()).isEqualTo(1);
  }

  @Test
  void cancelling_a_woken_task_before_it_is_polled_wakes_the_next_one() {
    add(task("a").needs("licence"), task("woken").needs("licence"), task("next").needs("licence"));
    pollAll();
    planner.finished("a", TaskState.SUCCEEDED);
    assertThat(planner.readyCount()).isEqualTo(1);
    planner.finished("woken", TaskState.CANCELLED);
    assertThat(pollAll()).containsExactly("next");
  }

  @Test
  void finishing_a_polled_task_releases_its_units() {
    add(task("a").needs("pool").needs("licence"));
    pollAll();
    planner.finished("a", TaskState.CANCELLED);
    assertThat(planner.freeUnits("pool")).isEqualTo(2);
    assertThat(planner.freeUnits("licence")).isEqualTo(1);
  }

  @Test
  void a_woken_task_that_parks_on_another_resource_wakes_the_next_waiter() {
    resources(Map.of("r", 1, "s", 1));
    add(task("holdsR").priority(9).needs("r"), task("holdsS").priority(9).needs("s"),
        task("needsBoth").priority(5).needs("r").needs("s"), task("needsR").needs("r"));
    assertThat(pollAll()).containsExactly("holdsR", "holdsS");
    planner.finished("holdsR", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("needsR");
    planner.finished("needsR", TaskState.SUCCEEDED);
    planner.finished("holdsS", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("needsBoth");
  }
}
