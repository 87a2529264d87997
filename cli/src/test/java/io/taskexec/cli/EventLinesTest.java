package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.task.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLinesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T12:00:01Z");
  private long seq;

  @Test
  void state_events_are_one_line_each_and_progress_is_left_out() {
    String out = print(List.of(
        event("a", 0, EventType.SUBMITTED, TaskState.PENDING, 0, null, null),
        event("b", 0, EventType.SUBMITTED, TaskState.PENDING, 0, null, null),
        event("a", 1, EventType.STARTED, TaskState.RUNNING, 0, null, null),
        new TaskEvent(++seq, "a", 1, EventType.PROGRESS, TaskState.RUNNING, T0, "local", null, null, null, Map.of("progress", 0.5)),
        new TaskEvent(++seq, "a", 1, EventType.LAUNCHED, TaskState.RUNNING, T0, "local", null, null, null, Map.of("pid", 42)),
        event("a", 1, EventType.RETRYING, TaskState.RETRYING, 1000, "exit code 1: boom; attempt 2 in 1.0s", 1),
        event("a", 2, EventType.STARTED, TaskState.RUNNING, 2000, null, null),
        event("a", 2, EventType.SUCCEEDED, TaskState.SUCCEEDED, 3200, null, null),
        event("b", 0, EventType.UPSTREAM_FAILED, TaskState.UPSTREAM_FAILED, 3300, "upstream task 'x' ended FAILED", null)));

    assertThat(out).isEqualTo("""
        12:00:01 submitted 2 tasks
        12:00:01 a STARTED (attempt 1, agent local)
        12:00:02 a RETRYING: exit code 1: boom; attempt 2 in 1.0s
        12:00:03 a STARTED (attempt 2, agent local)
        12:00:04 a SUCCEEDED in 1.2s
        12:00:04 b UPSTREAM_FAILED: upstream task 'x' ended FAILED
        """);
  }

  @Test
  void a_failure_says_how_long_it_ran_and_why() {
    String out = print(List.of(
        event("t", 1, EventType.STARTED, TaskState.RUNNING, 0, null, null),
        event("t", 1, EventType.FAILED, TaskState.FAILED, 850, "exit code 3: disk full", 3)));

    assertThat(out).endsWith("12:00:01 t FAILED in 850ms: exit code 3: disk full\n");
  }

  @Test
  void a_deadline_at_risk_a_preemption_and_a_moved_placement_are_shown_other_escalations_are_not() {
    String out = print(List.of(
        new TaskEvent(++seq, "d", 0, EventType.ESCALATED, TaskState.READY, T0, null,
            "deadline at risk: it has not started by 12:05", null, null, Map.of("deadline_at_risk", true)),
        new TaskEvent(++seq, "e", 1, EventType.ESCALATED, TaskState.FAILED, T0, "local", "read the log", null, null, Map.of()),
        new TaskEvent(++seq, "v", 1, EventType.REQUEUED, TaskState.READY, T0, "local",
            "preempted on agent local by task u (priority 9 > 1); attempt 1 was preempted", null, FailureKind.PREEMPTED, Map.of()),
        new TaskEvent(++seq, "m", 1, EventType.PLACED, TaskState.PLACED, T0, "large", "moved", null, null,
            Map.of("moved_from", "small"))));

    assertThat(out).isEqualTo("""
        12:00:01 d DEADLINE AT RISK: it has not started by 12:05
        12:00:01 v REQUEUED: preempted on agent local by task u (priority 9 > 1); attempt 1 was preempted
        12:00:01 m PLACED on large (moved from small)
        """);
  }

  private TaskEvent event(String id, int attempt, EventType type, TaskState state, long afterMs, String message,
      Integer exit) {
    return new TaskEvent(++seq, id, attempt, type, state, T0.plusMillis(afterMs), attempt == 0 ? null : "local",
        message, exit, exit == null ? null : FailureKind.NONZERO_EXIT, Map.of());
  }

  private static String print(List<TaskEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventLines lines = new EventLines(new PrintStream(bytes, true, StandardCharsets.UTF_8), ZoneOffset.UTC);
    lines.onEvents(events);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
