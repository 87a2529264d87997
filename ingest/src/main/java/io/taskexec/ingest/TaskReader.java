package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.task.Requirements;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one task of the specification's format into a {@link Task}. Always returns a task, built
 * from what could be read, so that the validator can still check the rest of the batch; what
 * could not be read is a problem already reported (and covers the validator's view of that field).
 *
 * <p>Keys: {@code id} (optional, generated), {@code type} (required), {@code priority},
 * {@code deadline}, {@code requirements} (required), {@code dependencies}, {@code metadata},
 * {@code params}, {@code timeout}, {@code retry}, {@code estimated_duration}, and the parameters
 * of the built-in types at the top level of the task ({@link #TYPE_PARAMS}).
 */
final class TaskReader {
  static final List<String> TASK_KEYS = List.of("id", "type", "priority", "deadline", "requirements",
      "dependencies", "metadata", "params", "timeout", "retry", "estimated_duration");

  /** Parameters the built-in types take at the top level of a task; others go under params:. */
  static final Map<String, List<String>> TYPE_PARAMS = Map.of(
      "shell", List.of("command", "args", "env", "working_dir"),
      "sleep", List.of("duration", "fail"));

  private static final String TASK_EXAMPLE =
      "{id: extract, type: shell, command: \"./extract.sh\", requirements: {cpu_cores: 1, memory_gb: 2, storage_gb: 1}}";

  private final Fields fields;
  private final TaskPartsReader parts;

  private final java.util.function.Function<String, String> idFor;

  TaskReader(Fields fields) {
    this(fields, path -> Task.newId());
  }

  /** @param idFor the id of a task that gives none, from its path ({@code tasks[3]}) */
  TaskReader(Fields fields, java.util.function.Function<String, String> idFor) {
    this.idFor = idFor;
    this.fields = fields;
    this.parts = new TaskPartsReader(fields);
  }

  Task read(Node node, String path) {
    MapNode m = fields.map(node, path, TASK_EXAMPLE);
    if (m == null) return Task.builder(null, "").requirements(Requirements.NONE).build();

    String type = fields.string(m.get("type"), child(path, "type"), "shell");
    List<String> typeParams = typeParams(type);
    Set<String> allowed = new LinkedHashSet<>(TASK_KEYS);
    allowed.addAll(typeParams);
    fields.onlyKeys(m, path, allowed, type == null || type.isBlank() ? "a task" : "a " + type + " task");
    if (m.get("type") == null) fields.required(m, path, "type", "type: shell");

    String id = fields.text(m.get("id"), child(path, "id"), "extract-1");
    Integer priority = fields.integer(m.get("priority"), child(path, "priority"), "10");

    Requirements req = parts.requirements(m, path);
    RetryPolicy retry = parts.retry(m.get("retry"), child(path, "retry"));
    Map<String, Object> metadata = null;
    MapNode meta = fields.map(m.get("metadata"), child(path, "metadata"), "{owner: data-team}");
    if (meta != null) metadata = fields.plainMap(meta, child(path, "metadata"));

    return new Task(
        id == null ? idFor.apply(path) : id,
        type == null ? "" : type,
        priority == null ? 0 : priority,
        parts.deadline(m.get("deadline"), child(path, "deadline")),
        req,
        parts.dependencies(m.get("dependencies"), child(path, "dependencies")),
        metadata,
        params(m, path, typeParams),
        fields.duration(m.get("timeout"), child(path, "timeout"), "30m"),
        retry,
        fields.duration(m.get("estimated_duration"), child(path, "estimated_duration"), "10m"));
  }

  /** The top-level parameters of a type; for a missing type all built-in ones, to avoid noise. */
  private static List<String> typeParams(String type) {
    if (type == null || type.isBlank()) {
      List<String> all = new ArrayList<>();
      TYPE_PARAMS.values().forEach(all::addAll);
      return all;
    }
    return TYPE_PARAMS.getOrDefault(type, List.of());
  }

  /**
   * {@code params:} merged with the type's top-level parameters. Values are kept as written
   * (JSON-like); the type's executor checks them. The location of {@code params.x} is also
   * recorded as {@code x}, the path executors report problems under.
   */
  private Map<String, Object> params(MapNode m, String path, List<String> typeParams) {
    Map<String, Object> params = new LinkedHashMap<>();
    String pp = child(path, "params");
    MapNode given = fields.map(m.get("params"), pp, "{input: s3://bucket/file}");
    if (given != null) {
      for (Field f : given.fields().values()) {
        params.put(f.key(), fields.plain(f.value(), child(pp, f.key())));
        fields.problems().record(child(path, f.key()), f.value());
      }
    }
    for (String key : typeParams) {
      Field f = m.fields().get(key);
      if (f == null) continue;
      if (params.containsKey(key)) {
        fields.problems().addAt(f.line(), f.column(), child(path, key),
            key + " is given twice: here and under params", "keep one of them");
        continue;
      }
      params.put(key, fields.plain(f.value(), child(path, key)));
    }
    return params;
  }
}
