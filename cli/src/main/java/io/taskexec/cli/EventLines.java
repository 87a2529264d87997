package io.taskexec.cli;

import io.taskexec.event.EventListener;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress for logs and pipes: one line per state event, e.g.
 *
 * <pre>
 * 12:00:01 transform-1 STARTED (attempt 1, agent local)
 * 12:00:02 transform-1 SUCCEEDED in 1.2s
 * 12:00:02 flaky RETRYING: exit code 1: not yet; attempt 2 in 1.0s
 * </pre>
 *
 * Events that change no state (PROGRESS, SAMPLE, LAUNCHED, ESCALATED, whose advice the summary
 * gives) are left out, except a deadline flagged at risk, which a person may still act on; a batch's SUBMITTED events are one line. Runs on the engine's
 * event thread (never concurrently with itself), so its maps need no locks.
 */
final class EventLines implements EventListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;
  private final ZoneId zone;
  private final Map<String, Instant> startedAt = new HashMap<>();
  private final Map<String, String> gpus = new HashMap<>();

  EventLines(PrintStream out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  @Override
  public void onEvents(List<TaskEvent> events) {
    int submitted = 0;
    Instant submittedAt = null;
    StringBuilder lines = new StringBuilder();
    for (TaskEvent e : events) {
      if (e.type() == EventType.SUBMITTED) {
        submitted++;
        submittedAt = e.at();
        continue;
      }
      String line = line(e);
      if (line != null) lines.append(line).append('\n');
    }
    if (submitted > 0) {
      out.print(TIME.format(submittedAt.atZone(zone)) + " submitted " + submitted + (submitted == 1 ? " task\n" : " tasks\n"));
    }
    out.print(lines);
    out.flush();
  }

  /** The line for one event, or null for events that change no state (PROGRESS, SAMPLE, LAUNCHED...). */
  String line(TaskEvent e) {
    String what = switch (e.type()) {
      case READY, REQUEUED, SKIPPED, UPSTREAM_FAILED, DEADLINE_MISSED -> e.type() + because(e);
      case PLACED -> {
        Object g = e.data().get("gpus");
        if (g != null) gpus.put(e.taskId(), g.toString());
        Object from = e.data().get("moved_from");
        yield "PLACED" + (e.agentId() == null ? "" : " on " + e.agentId()) + (from == null ? "" : " (moved from " + from + ")");
      }
      case STARTED -> {
        startedAt.put(e.taskId(), e.at());
        String g = gpus.remove(e.taskId());
        yield "STARTED (attempt " + e.attempt() + (e.agentId() == null ? "" : ", agent " + e.agentId())
            + (g == null ? "" : ", gpus " + g) + ")"
            + (Boolean.TRUE.equals(e.data().get("deadline_missed")) ? " after its deadline" : "");
      }
      case SUCCEEDED -> "SUCCEEDED" + took(e);
      case FAILED, TIMED_OUT, CANCELLED -> e.type() + took(e) + because(e);
      case RETRYING -> "RETRYING" + because(e);
      case ESCALATED -> Boolean.TRUE.equals(e.data().get("deadline_at_risk")) ? "DEADLINE AT RISK" + because(e).replaceFirst("^: deadline at risk: ", ": ") : null;
      default -> null;
    };
    if (what == null) return null;
    if (ends(e.type())) startedAt.remove(e.taskId());
    return TIME.format(e.at().atZone(zone)) + " " + e.taskId() + " " + what;
  }

  /** Whether the event ends an attempt (or the task), so that the next one starts afresh. */
  static boolean ends(EventType t) {
    return switch (t) {
      case SUCCEEDED, FAILED, TIMED_OUT, RETRYING, CANCELLED, UPSTREAM_FAILED, DEADLINE_MISSED, SKIPPED, REQUEUED -> true;
      default -> false;
    };
  }

  private String took(TaskEvent e) {
    Instant start = startedAt.get(e.taskId());
    return start == null ? "" : " in " + Durations.format(Duration.between(start, e.at()));
  }

  private static String because(TaskEvent e) {
    return e.message() == null || e.message().isBlank() ? "" : ": " + e.message();
  }
}
