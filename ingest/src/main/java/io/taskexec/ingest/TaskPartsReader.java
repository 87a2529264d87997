package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.ingest.Node.ListNode;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.ingest.Node.ScalarNode;
import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the structured parts of a task: requirements, deadline, dependencies, retry policy. */
final class TaskPartsReader {
  static final List<String> REQUIREMENT_KEYS = List.of("cpu_cores", "memory_gb", "storage_gb", "gpu_units");
  static final List<String> DEPENDENCY_KEYS = List.of("task_id", "dependency_type", "condition");
  static final List<String> RETRY_KEYS = List.of("max_attempts", "backoff", "multiplier", "max_backoff", "jitter");

  static final Map<String, DependencyType> TYPES = Fields.choices(DependencyType.values());
  static final Map<String, DependencyCondition> CONDITIONS = Fields.choices(DependencyCondition.values());

  /** Stands in for a dependency that could not be read, so later indices keep their paths. */
  private static final Dependency UNREADABLE = Dependency.after("\u0000unreadable");

  private final Fields fields;

  TaskPartsReader(Fields fields) {
    this.fields = fields;
  }

  Requirements requirements(MapNode task, String taskPath) {
    String path = child(taskPath, "requirements");
    if (task.get("requirements") == null) {
      fields.required(task, taskPath, "requirements", "requirements: {cpu_cores: 1, memory_gb: 2, storage_gb: 1}");
      return Requirements.NONE;
    }
    MapNode r = fields.map(task.get("requirements"), path, "{cpu_cores: 1, memory_gb: 2, storage_gb: 1}");
    if (r == null) return Requirements.NONE;
    fields.onlyKeys(r, path, REQUIREMENT_KEYS, "requirements");
    double cpu = amount(r, path, "cpu_cores", "2");
    double memory = amount(r, path, "memory_gb", "4");
    double storage = amount(r, path, "storage_gb", "10");
    Integer gpus = fields.integer(r.get("gpu_units"), child(path, "gpu_units"), "1");
    if (gpus != null && gpus < 0) {
      fields.problems().add(r.get("gpu_units"), child(path, "gpu_units"), "gpu_units must be >= 0, got " + gpus,
          "write gpu_units: 0 (or leave it out) for a task without GPUs");
      gpus = 0;
    }
    return new Requirements(cpu, memory, storage, gpus == null ? 0 : gpus);
  }

  /** A required amount; 0 when missing or unreadable (already reported). Zero is the validator's. */
  private double amount(MapNode r, String path, String key, String example) {
    if (r.get(key) == null) {
      fields.required(r, path, key, key + ": " + example);
      return 0;
    }
    Double v = fields.number(r.get(key), child(path, key), example);
    if (v == null) return 0;
    if (v < 0) {
      fields.problems().add(r.get(key), child(path, key), key + " must be > 0, got " + ((ScalarNode) r.get(key)).text(),
          "every task needs some of each resource; write e.g. " + key + ": " + example);
      return 0;
    }
    return v;
  }

  /** An ISO-8601 instant, or a duration counted from submission ({@code 30m}, {@code PT2H}, seconds). */
  Deadline deadline(Node n, String path) {
    if (n == null) return null;
    fields.problems().record(path, n);
    String hint = "write an instant such as 2026-12-01T00:00:00Z, or a time after submission such as 30m or PT2H";
    Duration after = null;
    if (n instanceof ScalarNode s && s.value() instanceof Number) {
      after = fields.duration(n, path, "30m");
      if (after == null) return null;
    } else if (n instanceof ScalarNode s && s.value() instanceof String text) {
      if (DurationText.looksLikeDuration(text)) {
        after = fields.duration(n, path, "30m");
        if (after == null) return null;
      } else {
        try {
          return new Deadline.At(instant(text));
        } catch (DateTimeParseException e) {
          fields.problems().add(n, path, "deadline '" + text + "' is neither an instant nor a duration", hint);
          return null;
        }
      }
    } else {
      fields.problems().add(n, path, "deadline must be an instant or a duration, got " + n.describe(), hint);
      return null;
    }
    if (after.isZero()) {
      fields.problems().add(n, path, "a relative deadline must be > 0", hint);
      return null;
    }
    return new Deadline.After(after);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text.strip()).toInstant();
    }
  }

  List<Dependency> dependencies(Node n, String path) {
    ListNode l = fields.list(n, path, "[{task_id: extract}]");
    if (l == null) return List.of();
    List<Dependency> out = new ArrayList<>(l.items().size());
    for (int j = 0; j < l.items().size(); j++) {
      String dp = path + "[" + j + "]";
      Dependency d = dependency(l.items().get(j), dp);
      if (d == null) fields.problems().markReported(dp);
      out.add(d == null ? UNREADABLE : d);
    }
    return out;
  }

  private Dependency dependency(Node item, String path) {
    if (item instanceof ScalarNode s && s.value() instanceof String target) {
      fields.problems().record(path, item);
      fields.problems().record(child(path, "task_id"), item);
      return Dependency.after(target); // shorthand: "- extract"
    }
    MapNode d = fields.map(item, path, "{task_id: extract, dependency_type: upstream, condition: completion}");
    if (d == null) return null;
    fields.onlyKeys(d, path, DEPENDENCY_KEYS, "a dependency");
    String target = fields.text(d.get("task_id"), child(path, "task_id"), "extract");
    if (d.get("task_id") == null) fields.required(d, path, "task_id", "task_id: extract");
    DependencyType type = DependencyType.UPSTREAM;
    if (d.get("dependency_type") != null) {
      type = fields.choice(d.get("dependency_type"), child(path, "dependency_type"), TYPES);
      if (type == null) return null;
    }
    DependencyCondition fallback = type == DependencyType.RESOURCE
        ? DependencyCondition.RESOURCE_AVAILABLE : DependencyCondition.COMPLETION;
    DependencyCondition condition = fallback;
    if (d.get("condition") != null) {
      DependencyCondition c = fields.choice(d.get("condition"), child(path, "condition"), CONDITIONS);
      if (c != null) condition = c;
    }
    return target == null ? null : new Dependency(target, type, condition);
  }

  /** Missing fields take {@link RetryPolicy#DEFAULT}'s values; null when absent or wrong. */
  RetryPolicy retry(Node n, String path) {
    MapNode r = fields.map(n, path, "{max_attempts: 3, backoff: 1s}");
    return r == null ? null : retryPolicy(fields, r, path, RetryPolicy.DEFAULT);
  }

  /** A retry policy from the keys of {@link #RETRY_KEYS} in {@code r}, missing ones from {@code base}. */
  static RetryPolicy retryPolicy(Fields fields, MapNode r, String path, RetryPolicy base) {
    fields.onlyKeys(r, path, RETRY_KEYS, "retry");
    return retryPolicyFrom(fields, r, path, base);
  }

  /** As {@link #retryPolicy} without checking for unknown keys (the caller allows more). */
  static RetryPolicy retryPolicyFrom(Fields fields, MapNode r, String path, RetryPolicy base) {
    Problems problems = fields.problems();
    int before = problems.list().size();
    Integer attempts = fields.integer(r.get("max_attempts"), child(path, "max_attempts"), "3");
    if (attempts != null && attempts < 1) {
      problems.add(r.get("max_attempts"), child(path, "max_attempts"), "max_attempts must be >= 1, got " + attempts,
          "max_attempts counts the first attempt too; write 1 for no retries");
    }
    Duration backoff = fields.duration(r.get("backoff"), child(path, "backoff"), "1s");
    Double multiplier = fields.number(r.get("multiplier"), child(path, "multiplier"), "2");
    if (multiplier != null && multiplier < 1) {
      problems.add(r.get("multiplier"), child(path, "multiplier"), "multiplier must be >= 1, got " + multiplier,
          "write multiplier: 2 to double the backoff each time, or 1 to keep it constant");
    }
    Duration maxBackoff = fields.duration(r.get("max_backoff"), child(path, "max_backoff"), "5m");
    Double jitter = fields.number(r.get("jitter"), child(path, "jitter"), "0.2");
    if (jitter != null && (jitter < 0 || jitter > 1)) {
      problems.add(r.get("jitter"), child(path, "jitter"), "jitter must be between 0 and 1, got " + jitter,
          "write e.g. jitter: 0.2 (delays vary by up to 20%)");
    }
    if (problems.list().size() > before) return null;
    return new RetryPolicy(
        attempts == null ? base.maxAttempts() : attempts,
        backoff == null ? base.initialBackoff() : backoff,
        multiplier == null ? base.multiplier() : multiplier,
        maxBackoff == null ? base.maxBackoff() : maxBackoff,
        jitter == null ? base.jitter() : jitter);
  }
}
