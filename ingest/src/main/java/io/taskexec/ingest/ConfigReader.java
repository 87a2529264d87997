package io.taskexec.ingest;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the configuration file: the specification's {@code task_execution:} tree, YAML or JSON.
 * Every key is optional and takes the default of {@link TaskExecutionConfig#DEFAULT}; an unknown
 * key or a bad value is a {@link Problem} naming the file, line, column and key path, with a
 * "did you mean" where a known key is close. All problems of a file are reported at once.
 *
 * <p>Durations are a number of seconds ({@code sync_interval: 60}) or text such as {@code 500ms},
 * {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 1h30m}, ISO {@code PT5S}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigReader {
  private ConfigReader() {}

  /** The configuration in {@code file}; an empty file is the default configuration. */
  public static TaskExecutionConfig read(Path file) {
    return orThrow(parse(SourceFiles.read(file), file.toString()));
  }

  /** The configuration in {@code content}; {@code sourceName} names it in problems. */
  public static TaskExecutionConfig read(String content, String sourceName) {
    return orThrow(parse(content, sourceName));
  }

  /** Every problem of {@code file}, in source order; empty when it is valid. */
  public static List<Problem> check(Path file) {
    return parse(SourceFiles.read(file), file.toString()).problems();
  }

  public static List<Problem> check(String content, String sourceName) {
    return parse(content, sourceName).problems();
  }

  private record Result(TaskExecutionConfig config, List<Problem> problems) {}

  private static TaskExecutionConfig orThrow(Result r) {
    if (!r.problems().isEmpty()) throw new ValidationException(r.problems());
    return r.config();
  }

  private static Result parse(String content, String sourceName) {
    Problems problems = new Problems(sourceName);
    Node root = TreeReader.read(content, SourceFormat.of(sourceName, content), problems);
    TaskExecutionConfig config = TaskExecutionConfig.DEFAULT;
    if (root instanceof MapNode m) {
      Fields fields = new Fields(problems);
      fields.onlyKeys(m, "", List.of("task_execution"), "a configuration file");
      if (m.get("task_execution") != null) config = new ConfigTree(fields).read(m.get("task_execution"), "task_execution");
    } else if (root != null && !(root instanceof Node.ScalarNode s && s.isNull())) {
      problems.add(root, "", "a configuration file must be a map with task_execution: at the top, got "
          + root.describe(), "start the file with task_execution: and the engine, monitoring, reporting sections under it");
    }
    List<Problem> sorted = problems.list().stream().sorted(Problems.SOURCE_ORDER).toList();
    return new Result(config, sorted);
  }

  /**
   * The body of an inline {@code config:} or {@code task_execution:} section of a task file.
   * {@code config:} may also hold {@code task_execution:} itself.
   */
  static TaskExecutionConfig readSection(Node section, String path, Fields fields) {
    if (section instanceof MapNode m && m.fields().size() == 1 && m.get("task_execution") != null) {
      fields.problems().record(path, section);
      return new ConfigTree(fields).read(m.get("task_execution"), path + ".task_execution");
    }
    return new ConfigTree(fields).read(section, path);
  }
}
