package io.taskexec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.engine.AttemptRecord;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON summary of a run: every task with every attempt. Field names are snake_case like the
 * task files; times are ISO-8601 instants, durations milliseconds.
 *
 * <pre>{@code
 * {"file": "examples/quickstart.yaml", "started_at": "...", "ended_at": "...", "duration_ms": 3120,
 *  "interrupted": false, "exit_code": 0, "counts": {"SUCCEEDED": 8},
 *  "tasks": [{"id": "flaky", "type": "shell", "state": "SUCCEEDED", "priority": 0, "duration_ms": 1310,
 *             "reason": null, "deadline_missed": false,
 *             "attempts": [{"attempt": 1, "agent": "local", "gpus": [], "placed_at": "...",
 *                           "started_at": "...", "ended_at": "...", "outcome": "RETRYING",
 *                           "exit_code": 1, "failure": "NONZERO_EXIT", "message": "exit code 1: ...",
 *                           "log_dir": ".taskexec/logs/flaky"}, ...]}]}
 * }</pre>
 */
final class SummaryJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  record Run(String file, Instant startedAt, Instant endedAt, boolean interrupted, int exitCode) {}

  static void write(Path target, Run run, List<TaskOutcome> outcomes) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", run.file());
    root.put("started_at", run.startedAt().toString());
    root.put("ended_at", run.endedAt().toString());
    root.put("duration_ms", Duration.between(run.startedAt(), run.endedAt()).toMillis());
    root.put("interrupted", run.interrupted());
    root.put("exit_code", run.exitCode());
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    outcomes.forEach(o -> counts.merge(o.state(), 1, Integer::sum));
    ObjectNode c = root.putObject("counts");
    counts.forEach((s, n) -> c.put(s.name(), n));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskOutcome o : outcomes) task(tasks.addObject(), o);
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    JSON.writeValue(target.toFile(), root);
  }

  private static void task(ObjectNode t, TaskOutcome o) {
    t.put("id", o.task().id());
    t.put("type", o.task().type());
    t.put("state", o.state().name());
    t.put("priority", o.task().priority());
    Duration d = o.duration();
    if (d == null) t.putNull("duration_ms");
    else t.put("duration_ms", d.toMillis());
    t.put("reason", o.reason());
    t.put("deadline_missed", o.deadlineMissed());
    ArrayNode attempts = t.putArray("attempts");
    for (AttemptRecord a : o.attempts()) {
      ObjectNode n = attempts.addObject();
      n.put("attempt", a.attempt());
      n.put("agent", a.agentId());
      ArrayNode gpus = n.putArray("gpus");
      if (a.gpuIndices() != null) a.gpuIndices().forEach(gpus::add);
      n.put("placed_at", str(a.placedAt()));
      n.put("started_at", str(a.startedAt()));
      n.put("ended_at", str(a.endedAt()));
      n.put("duration_ms", a.duration().toMillis());
      n.put("outcome", a.outcome() == null ? null : a.outcome().name());
      Integer exit = o.exitCode(a);
      if (exit == null) n.putNull("exit_code");
      else n.put("exit_code", exit);
      n.put("failure", a.failure() == null ? null : a.failure().name());
      n.put("message", a.message());
      n.put("log_dir", a.logDirectory() == null ? null : a.logDirectory().toString());
    }
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
