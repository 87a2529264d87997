package io.taskexec.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.engine.AttemptReport;
import io.taskexec.engine.Placement;
import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.ingest.TaskJson;
import io.taskexec.place.AgentSpec;
import io.taskexec.place.Allocation;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON messages between coordinator and agents, and the status messages of the {@code tasks}
 * exchange. Each message's AMQP {@code type} property names its kind; the formats are documented as
 * JSON Schema under {@code docs/amqp/}. Times are ISO-8601 instants. Stateless and thread-safe.
 */
public final class Wire {
  public static final String PLACEMENTS = "placements";
  public static final String CANCEL = "cancel";
  public static final String HEARTBEAT = "heartbeat";
  public static final String REPORTS = "reports";
  public static final String STATUS = "status";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Wire() {}

  /** A batch of placements for one agent incarnation, from the coordinator of {@code epoch}. */
  public record PlacementBatch(long epoch, String incarnation, List<Placement> placements) {}

  /** The coordinator asks an agent to stop one attempt. */
  public record Cancel(long epoch, String incarnation, String taskId, int attempt, FailureKind reason) {}

  /** An agent is alive: what it offers, which incarnation of it runs, and what it runs now. */
  public record Heartbeat(AgentSpec agent, String incarnation, List<Running> running, boolean leaving) {}

  /** One attempt an agent runs. */
  public record Running(String taskId, int attempt) {}

  /** Reports of one agent incarnation, in the order they happened. */
  public record ReportBatch(String agentId, String incarnation, List<AttemptReport> reports) {}

  // ---- encoding --------------------------------------------------------------------------------

  public static byte[] placements(long epoch, String incarnation, List<Placement> placements) {
    List<Object> list = new ArrayList<>(placements.size());
    for (Placement p : placements) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task", TaskJson.toMap(p.task()));
      m.put("attempt", p.attempt());
      Allocation a = p.allocation();
      Map<String, Object> alloc = new LinkedHashMap<>();
      alloc.put("cpu_cores", a.resources().cpuCores());
      alloc.put("memory_gb", a.resources().memoryGb());
      alloc.put("storage_gb", a.resources().storageGb());
      alloc.put("gpu_indices", a.gpuIndices());
      m.put("allocation", alloc);
      list.add(m);
    }
    return write(Map.of("epoch", epoch, "incarnation", incarnation, "placements", list));
  }

  public static byte[] cancel(Cancel c) {
    return write(Map.of("epoch", c.epoch(), "incarnation", c.incarnation(), "task_id", c.taskId(),
        "attempt", c.attempt(), "reason", c.reason().name()));
  }

  public static byte[] heartbeat(Heartbeat h) {
    AgentSpec a = h.agent();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("id", a.id());
    agent.put("cpu_cores", a.cpuCores());
    agent.put("memory_gb", a.memoryGb());
    agent.put("storage_gb", a.storageGb());
    agent.put("gpu_indices", a.gpuIndices());
    agent.put("labels", a.labels());
    List<Object> running = new ArrayList<>();
    for (Running r : h.running()) running.add(Map.of("task_id", r.taskId(), "attempt", r.attempt()));
    return write(Map.of("agent", agent, "incarnation", h.incarnation(), "running", running, "leaving", h.leaving()));
  }

  public static byte[] reports(String agentId, String incarnation, List<AttemptReport> reports) {
    List<Object> list = new ArrayList<>(reports.size());
    for (AttemptReport r : reports) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task_id", r.taskId());
      m.put("attempt", r.attempt());
      switch (r) {
        case AttemptReport.Started s -> {
          m.put("kind", "started");
          m.put("at", Times.format(s.at()));
        }
        case AttemptReport.Launched l -> {
          m.put("kind", "launched");
          m.put("pid", l.pid());
          m.put("pid_start", l.pidStart());
        }
        case AttemptReport.Progress p -> {
          m.put("kind", "progress");
          m.put("fraction", p.fraction());
          if (p.message() != null) m.put("message", p.message());
        }
        case AttemptReport.Sample s -> {
          m.put("kind", "sample");
          m.put("name", s.name());
          m.put("value", s.value());
        }
        case AttemptReport.Ended e -> {
          m.put("kind", "ended");
          if (e.startedAt() != null) m.put("started_at", Times.format(e.startedAt()));
          m.put("ended_at", Times.format(e.endedAt()));
          if (e.logDirectory() != null) m.put("log_dir", e.logDirectory());
          switch (e.result()) {
            case AttemptResult.Success s -> {
              m.put("outcome", "succeeded");
              if (s.exitCode() != null) m.put("exit_code", s.exitCode());
              if (!s.output().isEmpty()) m.put("output", s.output());
            }
            case AttemptResult.Failure f -> {
              m.put("outcome", "failed");
              m.put("failure", f.kind().name());
              if (f.message() != null) m.put("message", f.message());
              if (f.exitCode() != null) m.put("exit_code", f.exitCode());
              if (f.errorClass() != null) m.put("error_class", f.errorClass());
            }
          }
        }
      }
      list.add(m);
    }
    return write(Map.of("agent_id", agentId, "incarnation", incarnation, "reports", list));
  }

  /**
   * A status message of the {@code tasks} exchange (from an outbox row).
   *
   * @param state a {@code TaskState} name
   */
  public static byte[] status(String taskId, int attempt, String state, String event, Instant at, String agentId,
      String message, Integer exitCode, String failure) {
    return StatusMessage.encode(List.of(new StatusMessage.Change(taskId, attempt, state, event, at, agentId, message,
        exitCode, failure)));
  }

  /** The status message of a submission that was refused: state REJECTED and every problem. */
  public static byte[] rejected(String taskId, Instant at, List<Problem> problems, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", taskId);
    m.put("attempt", 0);
    m.put("state", "REJECTED");
    m.put("event", "REJECTED");
    m.put("at", Times.format(at));
    m.put("message", message);
    List<Object> ps = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("path", p.path());
      pm.put("message", p.message());
      if (p.hint() != null) pm.put("hint", p.hint());
      if (p.location() != null && p.location().line() > 0) {
        pm.put("line", p.location().line());
        pm.put("column", p.location().column());
      }
      ps.add(pm);
    }
    m.put("problems", ps);
    return write(m);
  }

  // ---- decoding --------------------------------------------------------------------------------

  public static PlacementBatch readPlacements(byte[] body, String agentId) {
    Map<String, Object> m = read(body);
    List<Placement> out = new ArrayList<>();
    for (Object o : list(m.get("placements"))) {
      Map<String, Object> p = map(o);
      Task task = TaskJson.fromMap(map(p.get("task")));
      int attempt = num(p.get("attempt")).intValue();
      Map<String, Object> a = map(p.get("allocation"));
      List<Integer> gpus = new ArrayList<>();
      for (Object g : list(a.get("gpu_indices"))) gpus.add(num(g).intValue());
      Requirements req = new Requirements(num(a.get("cpu_cores")).doubleValue(), num(a.get("memory_gb")).doubleValue(),
          num(a.get("storage_gb")).doubleValue(), gpus.size());
      out.add(new Placement(task, attempt, new Allocation(task.id(), attempt, agentId, req, gpus)));
    }
    return new PlacementBatch(num(m.get("epoch")).longValue(), (String) m.get("incarnation"), out);
  }

  public static Cancel readCancel(byte[] body) {
    Map<String, Object> m = read(body);
    return new Cancel(num(m.get("epoch")).longValue(), (String) m.get("incarnation"), (String) m.get("task_id"),
        num(m.get("attempt")).intValue(), FailureKind.valueOf((String) m.get("reason")));
  }

  public static Heartbeat readHeartbeat(byte[] body) {
    Map<String, Object> m = read(body);
    Map<String, Object> a = map(m.get("agent"));
    List<Integer> gpus = new ArrayList<>();
    for (Object g : list(a.get("gpu_indices"))) gpus.add(num(g).intValue());
    Map<String, String> labels = new LinkedHashMap<>();
    Object l = a.get("labels");
    if (l != null) map(l).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    AgentSpec spec = new AgentSpec((String) a.get("id"), num(a.get("cpu_cores")).doubleValue(),
        num(a.get("memory_gb")).doubleValue(), num(a.get("storage_gb")).doubleValue(), gpus, labels);
    List<Running> running = new ArrayList<>();
    for (Object o : list(m.get("running"))) {
      Map<String, Object> r = map(o);
      running.add(new Running((String) r.get("task_id"), num(r.get("attempt")).intValue()));
    }
    return new Heartbeat(spec, (String) m.get("incarnation"), running, Boolean.TRUE.equals(m.get("leaving")));
  }

  public static ReportBatch readReports(byte[] body) {
    Map<String, Object> m = read(body);
    List<AttemptReport> out = new ArrayList<>();
    for (Object o : list(m.get("reports"))) {
      Map<String, Object> r = map(o);
      String task = (String) r.get("task_id");
      int attempt = num(r.get("attempt")).intValue();
      String kind = (String) r.get("kind");
      out.add(switch (kind) {
        case "started" -> new AttemptReport.Started(task, attempt, Times.parse((String) r.get("at")));
        case "launched" -> new AttemptReport.Launched(task, attempt, num(r.get("pid")).longValue(),
            num(r.getOrDefault("pid_start", 0)).longValue());
        case "progress" -> new AttemptReport.Progress(task, attempt, num(r.get("fraction")).doubleValue(),
            (String) r.get("message"));
        case "sample" -> new AttemptReport.Sample(task, attempt, (String) r.get("name"), num(r.get("value")).doubleValue());
        case "ended" -> {
          Integer exit = r.get("exit_code") == null ? null : num(r.get("exit_code")).intValue();
          AttemptResult result = "succeeded".equals(r.get("outcome"))
              ? new AttemptResult.Success(r.get("output") == null ? Map.of() : map(r.get("output")), exit)
              : new AttemptResult.Failure(FailureKind.valueOf((String) r.get("failure")), (String) r.get("message"),
                  exit, (String) r.get("error_class"));
          Object started = r.get("started_at");
          yield new AttemptReport.Ended(task, attempt, started == null ? null : Times.parse((String) started),
              Times.parse((String) r.get("ended_at")), result, (String) r.get("log_dir"));
        }
        default -> throw new IllegalArgumentException("unknown report kind '" + kind + "'");
      });
    }
    return new ReportBatch((String) m.get("agent_id"), (String) m.get("incarnation"), out);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write a message: " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(byte[] body) {
    try {
      Object o = MAPPER.readValue(body, Object.class);
      if (!(o instanceof Map)) throw new IllegalArgumentException("a message must be a JSON object");
      return (Map<String, Object>) o;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
    throw new IllegalArgumentException("expected a JSON object, got " + o);
  }

  private static List<?> list(Object o) {
    if (o == null) return List.of();
    if (o instanceof List<?> l) return l;
    throw new IllegalArgumentException("expected a JSON array, got " + o);
  }

  private static Number num(Object o) {
    if (o instanceof Number n) return n;
    throw new IllegalArgumentException("expected a number, got " + o);
  }
}
