package io.taskexec.ingest;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceMap;
import io.taskexec.validate.TaskValidator;
import io.taskexec.validate.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A task file as parsed, before validation: what could be read, where each field was written, and
 * the problems of the text itself (syntax, unknown keys, wrong types, missing required keys).
 *
 * <p>{@link #tasks()} keeps the file's order and indices: an entry that could not be read at all is
 * a placeholder, so that {@code tasks[i]} in the validator's problems is the file's {@code tasks[i]}.
 * Placeholders exist only when {@link #parseProblems()} is not empty.
 *
 * <p>Run the validator through {@link #problems} or {@link #validated}: they give it this file's
 * {@link SourceMap} and declared resources, and drop the validator's problems about fields the
 * parser already reported, so each mistake is reported once.
 */
public final class ParsedTaskFile {
  private final List<Task> tasks;
  private final Map<String, Integer> resources;
  private final Optional<TaskExecutionConfig> config;
  private final Problems problems;

  ParsedTaskFile(List<Task> tasks, Map<String, Integer> resources, Optional<TaskExecutionConfig> config,
      Problems problems) {
    this.tasks = List.copyOf(tasks);
    this.resources = Map.copyOf(resources);
    this.config = config;
    this.problems = problems;
  }

  public String source() {
    return problems.source();
  }

  public List<Task> tasks() {
    return tasks;
  }

  /** The named resources declared under {@code resources:}, name to units. */
  public Map<String, Integer> resources() {
    return resources;
  }

  /** The inline {@code config:} or {@code task_execution:} section, when the file has one. */
  public Optional<TaskExecutionConfig> config() {
    return config;
  }

  public SourceMap sourceMap() {
    return problems.sourceMap();
  }

  /** The problems of the text itself, in source order. */
  public List<Problem> parseProblems() {
    return problems.list().stream().sorted(Problems.SOURCE_ORDER).toList();
  }

  /** The resources {@code resource} dependencies of this file may name: its own and its config's. */
  public Set<String> declaredResources() {
    Set<String> all = new HashSet<>(resources.keySet());
    config.ifPresent(c -> all.addAll(c.engine().resourceManager().resources().keySet()));
    return all;
  }

  /**
   * Every problem of the file: the parser's and the validator's, in source order, each field
   * reported once.
   *
   * @param existingIds ids the engine already knows (dependencies may name them)
   */
  public List<Problem> problems(TaskValidator validator, Set<String> existingIds) {
    TaskValidator v = validator.withResources(declaredResources());
    return problems((batch, sources) -> v.validate(batch, existingIds, sources));
  }

  /**
   * As {@link #problems(TaskValidator, Set)} with validation done by the caller, e.g.
   * {@code parsed.problems(engine::validate)}; the caller's validator must know the file's
   * {@link #declaredResources()}. Not called when the file has no readable task.
   */
  public List<Problem> problems(BiFunction<List<Task>, SourceMap, List<Problem>> validation) {
    List<Problem> all = new ArrayList<>(problems.list());
    if (!tasks.isEmpty()) {
      for (Problem p : validation.apply(tasks, sourceMap())) {
        if (!problems.covers(p.path())) all.add(p);
      }
    }
    all.sort(Problems.SOURCE_ORDER);
    return all;
  }

  /**
   * The file, validated.
   *
   * @throws ValidationException with every problem, when there is one
   */
  public TaskFile validated(TaskValidator validator, Set<String> existingIds) {
    List<Problem> all = problems(validator, existingIds);
    if (!all.isEmpty()) throw new ValidationException(all);
    return new TaskFile(source(), tasks, resources, config, sourceMap());
  }
}
