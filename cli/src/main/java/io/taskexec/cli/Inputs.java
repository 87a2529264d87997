package io.taskexec.cli;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.ResourceManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.ingest.ParsedTaskFile;
import io.taskexec.ingest.TaskFileReader;
import io.taskexec.validate.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a command was given, through the ingest module: the task file, and the configuration
 * from {@code --config}, else the file's inline {@code config:}, else the defaults.
 */
final class Inputs {
  private Inputs() {}

  /**
   * @throws UserError when a file cannot be read, or the configuration has problems
   */
  static Input load(Path file, Path configFile) {
    ParsedTaskFile parsed;
    try {
      parsed = TaskFileReader.parse(file);
    } catch (IngestException e) {
      throw new UserError(e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    TaskExecutionConfig config = parsed.config().orElse(TaskExecutionConfig.DEFAULT);
    String names = file.toString();
    if (configFile != null) {
      try {
        List<Problem> configProblems = ConfigReader.check(configFile);
        if (configProblems.isEmpty()) config = ConfigReader.read(configFile);
        else {
          problems.addAll(configProblems); // reported with the task file's
          names = configFile + " and " + names;
        }
      } catch (IngestException e) {
        throw new UserError(e.getMessage());
      }
    }
    config = withResources(config, parsed.resources());
    return new Input(file, names, parsed.tasks(), parsed.sourceMap(), config, parsed, problems);
  }

  /**
   * Every problem of the input, in source order: the task file's (reading, then the engine's
   * validator, each mistake once — see {@link ParsedTaskFile#problems}) and the configuration's.
   */
  static List<Problem> problems(Input input, TaskExecutionEngine engine) {
    List<Problem> all = new ArrayList<>(input.parsed().problems(engine::validate));
    all.addAll(input.configProblems());
    all.sort(Comparator.<Problem, String>comparing(p -> p.location().source())
        .thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
    return all;
  }

  /** The file's {@code resources:} join the configuration's named resources (the file's win). */
  static TaskExecutionConfig withResources(TaskExecutionConfig c, Map<String, Integer> fileResources) {
    if (fileResources.isEmpty()) return c;
    ResourceManagerConfig rm = c.engine().resourceManager();
    Map<String, Integer> merged = new LinkedHashMap<>(rm.resources());
    merged.putAll(fileResources);
    ResourceManagerConfig rm2 = new ResourceManagerConfig(rm.allocationStrategy(), rm.overcommitRatio(),
        rm.rebalanceInterval(), rm.localAgent(), merged);
    EngineConfig e = c.engine();
    return c.withEngine(new EngineConfig(e.workerPool(), rm2, e.stateManager(), e.errorHandling(),
        e.deadlinePolicy()));
  }

  /** A path as short as it can be read: relative to the working directory when under it. */
  static String display(Path p) {
    return relativeToCwd(p).toString();
  }

  static Path relativeToCwd(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
  }
}
