package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlannerOrderTest extends PlannerFixture {
  private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void higher_priority_goes_first() {
    add(task("low").priority(1), task("high").priority(9), task("mid").priority(5));
    assertThat(pollAll()).containsExactly("high", "mid", "low");
  }

  @Test
  void with_equal_priority_the_earlier_deadline_goes_first_and_none_goes_last() {
    add(task("none"));
    addWithDeadline(task("late"), NOON.plusSeconds(60));
    addWithDeadline(task("soon"), NOON);
    add(task("urgent").priority(1));
    assertThat(pollAll()).containsExactly("urgent", "soon", "late", "none");
  }

  @Test
  void with_equal_deadlines_the_longest_remaining_path_goes_first() {
    // rank = own estimate (1 s when absent) + the largest rank among dependents:
    //   short: 1 s                      = 1 s
    //   head:  1 s + mid (2 s + tail 5 s) = 8 s
    //   wide:  3 s + leaf (1 s)          = 4 s
    add(task("short"),
        task("head"),
        task("mid").estimatedDuration(Duration.ofSeconds(2)).after("head"),
        task("tail").estimatedDuration(Duration.ofSeconds(5)).after("mid"),
        task("wide").estimatedDuration(Duration.ofSeconds(3)),
        task("leaf").after("wide"));
    assertThat(pollAll()).containsExactly("head", "wide", "short");
  }

  @Test
  void with_everything_else_equal_submission_order_decides() {
    add(task("first"), task("second"), task("third"));
    assertThat(pollAll()).containsExactly("first", "second", "third");
  }

  @Test
  void a_task_ready_later_takes_its_place_among_those_waiting() {
    add(task("a").priority(3), task("b").priority(1), task("c").priority(2).after("a"));
    assertThat(planner.pollReady().id()).isEqualTo("a");
    run("a", TaskState.SUCCEEDED);
    assertThat(pollAll()).containsExactly("c", "b");
  }
}
