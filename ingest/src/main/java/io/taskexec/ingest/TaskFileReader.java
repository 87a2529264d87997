package io.taskexec.ingest;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.Node.ListNode;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.TaskValidator;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;

/**
 * Reads task files (YAML {@code .yaml}/{@code .yml}, JSON {@code .json}, or text from the API or
 * AMQP with a source name) in the specification's format:
 *
 * <pre>
 * resources: {licence: 2}          # optional: named counted resources
 * config: {engine: {...}}          # optional: an inline task_execution tree (or task_execution:)
 * tasks:
 *   - id: extract                  # optional, generated when left out
 *     type: shell
 *     command: ./extract.sh
 *     requirements: {cpu_cores: 2, memory_gb: 4, storage_gb: 10}
 *     dependencies: [{task_id: setup, dependency_type: upstream, condition: completion}]
 * </pre>
 *
 * <p>Two steps, for callers that need to see the file before they can build the validator (e.g. its
 * inline config changes the agents): {@link #parse} gives a {@link ParsedTaskFile}, whose
 * {@link ParsedTaskFile#problems} / {@link ParsedTaskFile#validated} run the validator. Or one
 * step: {@link #read} and {@link #check} with the validator given to the constructor.
 *
 * <p>Thread-safe: holds only the validator.
 */
public final class TaskFileReader {
  private static final List<String> TOP_KEYS = List.of("tasks", "resources", "config", "task_execution");
  private static final String TASKS_EXAMPLE =
      "tasks: [{id: hello, type: shell, command: \"echo hello\", requirements: {cpu_cores: 1, memory_gb: 0.5, storage_gb: 1}}]";

  private final TaskValidator validator;

  public TaskFileReader(TaskValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws IngestException when the file cannot be read at all
   * @throws ValidationException with every problem of the file
   */
  public TaskFile read(Path file) {
    return read(file, Set.of());
  }

  /** As {@link #read(Path)}; dependencies may also name {@code existingIds}, which new tasks may not reuse. */
  public TaskFile read(Path file, Set<String> existingIds) {
    return parse(file).validated(validator, existingIds);
  }

  /** Reads and validates text, e.g. a request body; {@code sourceName} names it in problems. */
  public TaskFile read(String content, String sourceName, Set<String> existingIds) {
    return parse(content, sourceName).validated(validator, existingIds);
  }

  /**
   * Every problem of {@code file} (parsing and validation), in source order, without throwing.
   *
   * @throws IngestException when the file cannot be read at all
   */
  public List<Problem> check(Path file) {
    return parse(file).problems(validator, Set.of());
  }

  public List<Problem> check(String content, String sourceName) {
    return parse(content, sourceName).problems(validator, Set.of());
  }

  /**
   * Parses {@code file} without validating it.
   *
   * @throws IngestException when the file cannot be read at all
   */
  public static ParsedTaskFile parse(Path file) {
    String content = SourceFiles.read(file);
    return parse(content, file.toString(), SourceFormat.of(file.toString(), content), stableIds(file));
  }

  /**
   * Ids for tasks a file gives none: the same file and position give the same id, so that running
   * the file again after an interruption finds its tasks (text from the API or AMQP gets random ids).
   */
  static Function<String, String> stableIds(Path file) {
    String where = file.toAbsolutePath().normalize().toString();
    return path -> "task-" + java.util.UUID.nameUUIDFromBytes((where + "#" + path).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Parses text; the format follows {@code sourceName}'s extension, or the text itself. */
  public static ParsedTaskFile parse(String content, String sourceName) {
    return parse(content, sourceName, SourceFormat.of(sourceName, content));
  }

  public static ParsedTaskFile parse(String content, String sourceName, SourceFormat format) {
    return parse(content, sourceName, format, path -> Task.newId());
  }

  private static ParsedTaskFile parse(String content, String sourceName, SourceFormat format,
      Function<String, String> idFor) {
    Problems problems = new Problems(sourceName);
    Node root = TreeReader.read(content, format, problems);
    if (root == null || root instanceof Node.ScalarNode s && s.isNull()) {
      if (problems.isEmpty()) {
        problems.addAt(1, 1, "", "the file is empty", "add a top-level tasks: list, e.g. " + TASKS_EXAMPLE);
      }
      return new ParsedTaskFile(List.of(), Map.of(), Optional.empty(), problems);
    }
    if (!(root instanceof MapNode m)) {
      problems.add(root, "", "a task file must be a map with a tasks: list at the top, got " + root.describe(),
          "write e.g. " + TASKS_EXAMPLE);
      return new ParsedTaskFile(List.of(), Map.of(), Optional.empty(), problems);
    }
    Fields fields = new Fields(problems);
    fields.onlyKeys(m, "", TOP_KEYS, "a task file");
    Map<String, Integer> resources = new ConfigSections(fields).resources(m.get("resources"), "resources");
    Optional<TaskExecutionConfig> config = config(m, fields);
    return new ParsedTaskFile(tasks(m, fields, idFor), resources, config, problems);
  }

  private static List<Task> tasks(MapNode m, Fields fields, Function<String, String> idFor) {
    Problems problems = fields.problems();
    if (m.get("tasks") == null) {
      problems.addAt(1, 1, "tasks", m.fields().containsKey("tasks") ? "tasks is empty" : "the file has no tasks: list",
          "add a top-level tasks: list, e.g. " + TASKS_EXAMPLE);
      return List.of();
    }
    ListNode list = fields.list(m.get("tasks"), "tasks", "- {id: hello, type: shell, ...}");
    if (list == null) return List.of();
    if (list.items().isEmpty()) {
      problems.add(list, "tasks", "tasks is empty", "add at least one task, e.g. " + TASKS_EXAMPLE);
      return List.of();
    }
    TaskReader reader = new TaskReader(fields, idFor);
    List<Task> tasks = new ArrayList<>(list.items().size());
    for (int i = 0; i < list.items().size(); i++) tasks.add(reader.read(list.items().get(i), "tasks[" + i + "]"));
    return tasks;
  }

  private static Optional<TaskExecutionConfig> config(MapNode m, Fields fields) {
    Node.Field config = m.fields().get("config");
    Node.Field inline = m.fields().get("task_execution");
    if (config != null && inline != null) {
      fields.problems().addAt(inline.line(), inline.column(), "task_execution",
          "a task file may have config: or task_execution:, not both (config: is at line " + config.line() + ")",
          "merge them into one section");
      return Optional.empty();
    }
    Node.Field section = config != null ? config : inline;
    if (section == null) return Optional.empty();
    return Optional.of(ConfigReader.readSection(section.value(), section.key(), fields));
  }
}
