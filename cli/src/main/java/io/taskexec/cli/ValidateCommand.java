package io.taskexec.cli;

import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.validate.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec validate FILE}: every problem of the file and its configuration at once, each
 * with file:line:col, or {@code ok: N tasks, M dependencies, K resources}. Runs nothing. Checks
 * exactly what {@code run} would check before running, including whether each task could ever fit
 * on this machine.
 */
@Command(name = "validate", description = "Check a task file (and its configuration) without running anything.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Task file (YAML or JSON) with a tasks: list.")
  Path file;

  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML (task_execution: tree).")
  Path config;

  private final Io io;

  ValidateCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Input input = Inputs.load(file, config);
    List<Problem> problems;
    try (TaskExecutionEngine engine = TaskExecutionEngine.builder()
        .config(input.config()).dataDirectory(input.defaultDataDirectory()).build()) {
      problems = Inputs.problems(input, engine);
    }
    if (!problems.isEmpty()) throw new UserError(input.displayName(), problems);
    long dependencies = input.tasks().stream().mapToLong(t -> t.dependencies().size()).sum();
    int resources = input.config().engine().resourceManager().resources().size();
    io.out().println("ok: " + plural(input.tasks().size(), "task") + ", " + plural(dependencies, "dependency", "dependencies")
        + ", " + plural(resources, "resource"));
    return ExitCodes.OK;
  }

  private static String plural(long n, String one) {
    return plural(n, one, one + "s");
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
