package io.taskexec.server.http;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.event.TaskEvent;
import io.taskexec.ingest.TaskJson;
import io.taskexec.task.Dependency;
import io.taskexec.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON forms of tasks, attempts and events: plain maps, times as ISO-8601 instants. */
final class Views {
  private Views() {}

  /** A task in lists: what a table row shows. */
  static Map<String, Object> summary(TaskSnapshot s) {
    Task t = s.task();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", t.type());
    m.put("state", s.state().name());
    m.put("priority", t.priority());
    m.put("attempt", s.attempt());
    m.put("agent", s.agentId());
    m.put("run", run(t));
    m.put("submitted_at", time(s.submittedAt()));
    m.put("started_at", time(s.startedAt()));
    m.put("ended_at", time(endedAt(s)));
    m.put("deadline", time(s.deadline()));
    m.put("progress", s.progress());
    m.put("waiting_for", s.waitingFor());
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("cpu_cores", t.requirements().cpuCores());
    req.put("memory_gb", t.requirements().memoryGb());
    req.put("storage_gb", t.requirements().storageGb());
    req.put("gpu_units", t.requirements().gpuUnits());
    m.put("requirements", req);
    List<String> deps = new ArrayList<>();
    for (Dependency d : t.dependencies()) if (d.taskId() != null) deps.add(d.taskId());
    m.put("depends_on", deps);
    if (!s.attempts().isEmpty()) {
      AttemptRecord last = s.attempts().get(s.attempts().size() - 1);
      m.put("exit_code", last.exitCode());
      m.put("failure", last.failure() == null ? null : last.failure().name());
      m.put("message", last.message());
    }
    return m;
  }

  /** A task in full: the summary, its spec as submitted and every attempt. */
  static Map<String, Object> detail(TaskSnapshot s) {
    Map<String, Object> m = summary(s);
    m.put("spec", TaskJson.toMap(s.task()));
    List<Object> attempts = new ArrayList<>();
    for (AttemptRecord a : s.attempts()) attempts.add(attempt(a));
    m.put("attempts", attempts);
    return m;
  }

  static Map<String, Object> attempt(AttemptRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", a.attempt());
    m.put("agent", a.agentId());
    m.put("gpus", a.gpuIndices());
    m.put("placed_at", time(a.placedAt()));
    m.put("started_at", time(a.startedAt()));
    m.put("ended_at", time(a.endedAt()));
    m.put("outcome", a.outcome() == null ? null : a.outcome().name());
    m.put("failure", a.failure() == null ? null : a.failure().name());
    m.put("exit_code", a.exitCode());
    m.put("message", a.message());
    m.put("duration_ms", a.duration().toMillis());
    m.put("has_logs", a.logDirectory() != null);
    return m;
  }

  static Map<String, Object> event(TaskEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("task_id", e.taskId());
    m.put("attempt", e.attempt());
    m.put("type", e.type().name());
    m.put("state", e.state().name());
    m.put("at", time(e.at()));
    if (e.agentId() != null) m.put("agent", e.agentId());
    if (e.message() != null) m.put("message", e.message());
    if (e.exitCode() != null) m.put("exit_code", e.exitCode());
    if (e.failure() != null) m.put("failure", e.failure().name());
    if (!e.data().isEmpty()) m.put("data", e.data());
    return m;
  }

  static String run(Task t) {
    Object r = t.metadata().get(Submissions.RUN);
    return r == null ? null : r.toString();
  }

  static Instant endedAt(TaskSnapshot s) {
    if (!s.state().isTerminal() || s.attempts().isEmpty()) return null;
    return s.attempts().get(s.attempts().size() - 1).endedAt();
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
