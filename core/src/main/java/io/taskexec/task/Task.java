package io.taskexec.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task as submitted: what to run ({@code type} and its {@code params}), how urgent it is, what it
 * needs and what it waits for. Immutable; collections are copied.
 *
 * @param priority higher runs first
 * @param deadline may be null
 * @param params the type's parameters, e.g. {@code command}, {@code args}, {@code env},
 *     {@code working_dir} for {@code shell}; values are JSON-like (String, Number, Boolean, List, Map)
 * @param timeout may be null (no timeout)
 * @param estimatedDuration may be null; used to rank the critical path
 */
public record Task(
    String id,
    String type,
    int priority,
    Deadline deadline,
    Requirements requirements,
    List<Dependency> dependencies,
    Map<String, Object> metadata,
    Map<String, Object> params,
    Duration timeout,
    RetryPolicy retry,
    Duration estimatedDuration) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(requirements, "requirements");
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    retry = retry == null ? RetryPolicy.NONE : retry;
  }

  /** {@code task-<uuid>}, time-ordered (UUIDv7) so that stores index new tasks in order. */
  public static String newId() {
    return "task-" + io.taskexec.time.TimeOrderedIds.next();
  }

  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id, type);
    b.priority = priority;
    b.deadline = deadline;
    b.requirements = requirements;
    b.dependencies = new java.util.ArrayList<>(dependencies);
    b.metadata = new java.util.LinkedHashMap<>(metadata);
    b.params = new java.util.LinkedHashMap<>(params);
    b.timeout = timeout;
    b.retry = retry;
    b.estimatedDuration = estimatedDuration;
    return b;
  }

  /** Fluent construction for code and tests: {@code Task.builder("a","shell").cpu(2).after("b")}. */
  public static final class Builder {
    private final String id;
    private final String type;
    private int priority;
    private Deadline deadline;
    private Requirements requirements = new Requirements(1, 0.1, 0.1, 0);
    private List<Dependency> dependencies = new java.util.ArrayList<>();
    private Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    private Map<String, Object> params = new java.util.LinkedHashMap<>();
    private Duration timeout;
    private RetryPolicy retry = RetryPolicy.NONE;
    private Duration estimatedDuration;

    private Builder(String id, String type) {
      this.id = id == null ? newId() : id;
      this.type = type;
    }

    public Builder priority(int p) { this.priority = p; return this; }
    public Builder deadline(Deadline d) { this.deadline = d; return this; }
    public Builder requirements(Requirements r) { this.requirements = r; return this; }
    public Builder cpu(double cores) { requirements = new Requirements(cores, requirements.memoryGb(), requirements.storageGb(), requirements.gpuUnits()); return this; }
    public Builder memoryGb(double gb) { requirements = new Requirements(requirements.cpuCores(), gb, requirements.storageGb(), requirements.gpuUnits()); return this; }
    public Builder storageGb(double gb) { requirements = new Requirements(requirements.cpuCores(), requirements.memoryGb(), gb, requirements.gpuUnits()); return this; }
    public Builder gpus(int n) { requirements = new Requirements(requirements.cpuCores(), requirements.memoryGb(), requirements.storageGb(), n); return this; }
    public Builder dependsOn(Dependency d) { dependencies.add(d); return this; }
    public Builder after(String... taskIds) { for (String t : taskIds) dependencies.add(Dependency.after(t)); return this; }
    public Builder needs(String resource) { dependencies.add(Dependency.resource(resource)); return this; }
    public Builder metadata(String k, Object v) { metadata.put(k, v); return this; }
    public Builder param(String k, Object v) { params.put(k, v); return this; }
    public Builder command(String shellCommand) { params.put("command", shellCommand); return this; }
    public Builder timeout(Duration t) { this.timeout = t; return this; }
    public Builder retry(RetryPolicy r) { this.retry = r; return this; }
    public Builder estimatedDuration(Duration d) { this.estimatedDuration = d; return this; }

    public Task build() {
      return new Task(id, type, priority, deadline, requirements, dependencies, metadata, params,
          timeout, retry, estimatedDuration);
    }
  }
}
