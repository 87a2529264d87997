package io.taskexec.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.validate.ValidationException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Task} as a JSON-compatible map or JSON text in the task file's own format, and back:
 * for stores, the HTTP API and AMQP messages. {@code fromJson(toJson(t))} equals {@code t}.
 *
 * <p>Written form: durations as ISO-8601 ({@code PT30M}), a deadline as an instant or an ISO
 * duration, every type parameter under {@code params} (never at the top level, so any key
 * round-trips), empty or default parts ({@code metadata}, {@code params}, {@code retry} of
 * {@link RetryPolicy#NONE}, null deadline/timeout/estimate) left out. Values in {@code metadata}
 * and {@code params} come back as JSON reads them: whole numbers as Integer when they fit, else
 * Long or BigInteger; other numbers as Double.
 *
 * <p>Reading checks the format only (types, unknown keys); run a {@code TaskValidator} for the rules.
 * Stateless and thread-safe.
 */
public final class TaskJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TaskJson() {}

  public static Map<String, Object> toMap(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", t.type());
    m.put("priority", t.priority());
    if (t.deadline() != null) m.put("deadline", deadline(t.deadline()));
    Requirements r = t.requirements();
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("cpu_cores", r.cpuCores());
    req.put("memory_gb", r.memoryGb());
    req.put("storage_gb", r.storageGb());
    req.put("gpu_units", r.gpuUnits());
    m.put("requirements", req);
    if (!t.dependencies().isEmpty()) {
      List<Object> deps = new ArrayList<>(t.dependencies().size());
      for (Dependency d : t.dependencies()) {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("task_id", d.taskId());
        dm.put("dependency_type", d.type().wireName());
        dm.put("condition", d.condition().wireName());
        deps.add(dm);
      }
      m.put("dependencies", deps);
    }
    if (!t.metadata().isEmpty()) m.put("metadata", t.metadata());
    if (!t.params().isEmpty()) m.put("params", t.params());
    if (t.timeout() != null) m.put("timeout", t.timeout().toString());
    if (!t.retry().equals(RetryPolicy.NONE)) m.put("retry", retry(t.retry()));
    if (t.estimatedDuration() != null) m.put("estimated_duration", t.estimatedDuration().toString());
    return m;
  }

  /**
   * The JSON text of {@link #toMap}, field for field, written by a streaming generator without the
   * intermediate maps: stores call it once per submitted task, on the submitter's thread.
   */
  public static String toJson(Task t) {
    java.io.StringWriter out = new java.io.StringWriter(256);
    try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", t.id());
      g.writeStringField("type", t.type());
      g.writeNumberField("priority", t.priority());
      if (t.deadline() != null) g.writeStringField("deadline", deadline(t.deadline()));
      Requirements r = t.requirements();
      g.writeObjectFieldStart("requirements");
      g.writeNumberField("cpu_cores", r.cpuCores());
      g.writeNumberField("memory_gb", r.memoryGb());
      g.writeNumberField("storage_gb", r.storageGb());
      g.writeNumberField("gpu_units", r.gpuUnits());
      g.writeEndObject();
      if (!t.dependencies().isEmpty()) {
        g.writeArrayFieldStart("dependencies");
        for (Dependency d : t.dependencies()) {
          g.writeStartObject();
          g.writeStringField("task_id", d.taskId());
          g.writeStringField("dependency_type", d.type().wireName());
          g.writeStringField("condition", d.condition().wireName());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!t.metadata().isEmpty()) {
        g.writeFieldName("metadata");
        MAPPER.writeValue(g, t.metadata());
      }
      if (!t.params().isEmpty()) {
        g.writeFieldName("params");
        MAPPER.writeValue(g, t.params());
      }
      if (t.timeout() != null) g.writeStringField("timeout", t.timeout().toString());
      if (!t.retry().equals(RetryPolicy.NONE)) {
        g.writeFieldName("retry");
        MAPPER.writeValue(g, retry(t.retry()));
      }
      if (t.estimatedDuration() != null) g.writeStringField("estimated_duration", t.estimatedDuration().toString());
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e); // only JSON-like values are written
    }
    return out.toString();
  }

  /**
   * A task from a map in the task file's format (e.g. a deserialized request body).
   *
   * @throws ValidationException when a key is unknown or a value has the wrong type
   */
  public static Task fromMap(Map<String, ?> map) {
    return read(TreeReader.fromObject(map), new Problems("<map>"));
  }

  /**
   * A task from JSON text; {@code sourceName} (e.g. "&lt;api&gt;") names it in problems.
   *
   * @throws ValidationException when the text is not JSON, a key is unknown or a value is wrong
   */
  public static Task fromJson(String json, String sourceName) {
    Problems problems = new Problems(sourceName);
    Node root = TreeReader.read(json, SourceFormat.JSON, problems);
    if (root == null && problems.isEmpty()) {
      problems.addAt(1, 1, "", "the text is empty", "send one task as a JSON object");
    }
    if (root == null) throw new ValidationException(problems.list());
    return read(root, problems);
  }

  public static Task fromJson(String json) {
    return fromJson(json, "<json>");
  }

  private static Task read(Node root, Problems problems) {
    Task t = new TaskReader(new Fields(problems)).read(root, "task");
    if (!problems.isEmpty()) throw new ValidationException(problems.list().stream().sorted(Problems.SOURCE_ORDER).toList());
    return t;
  }

  private static String deadline(Deadline d) {
    return switch (d) {
      case Deadline.At at -> at.instant().toString();
      case Deadline.After after -> after.duration().toString();
    };
  }

  private static Map<String, Object> retry(RetryPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_attempts", p.maxAttempts());
    m.put("backoff", p.initialBackoff().toString());
    m.put("multiplier", p.multiplier());
    m.put("max_backoff", p.maxBackoff().toString());
    m.put("jitter", p.jitter());
    return m;
  }
}
