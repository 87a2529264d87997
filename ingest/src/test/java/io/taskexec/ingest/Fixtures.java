package io.taskexec.ingest;

import io.taskexec.execute.AttemptResult;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.ShellExecutor;
import io.taskexec.execute.SleepExecutor;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.task.Requirements;
import io.taskexec.time.Clock;
import io.taskexec.time.ManualClock;
import io.taskexec.validate.Problem;
import io.taskexec.validate.TaskValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The built-in executors, a Java handler type, one 16-core agent and a clock at 2026-06-01. */
final class Fixtures {
  private Fixtures() {}

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static Path example(String name) {
    return Path.of("src/test/resources/examples", name);
  }

  static Path config(String name) {
    return Path.of("src/test/resources/config", name);
  }

  static TaskValidator validator() {
    return validator(new ManualClock(NOW));
  }

  static TaskValidator validator(Clock clock) {
    TaskExecutor handler = new TaskExecutor() {
      @Override
      public String type() {
        return "report.render";
      }

      @Override
      public AttemptResult execute(ExecutionContext ctx) {
        return AttemptResult.OK;
      }
    };
    Map<String, TaskExecutor> executors =
        Map.of("shell", new ShellExecutor(), "sleep", new SleepExecutor(), "report.render", handler);
    return new TaskValidator(executors, Fixtures::neverFits, Set.of(), clock);
  }

  static Optional<String> neverFits(Requirements r) {
    if (r.cpuCores() > 16) return Optional.of("needs " + (long) r.cpuCores() + " cpu cores; the largest agent has 16");
    return Optional.empty();
  }

  static TaskFileReader reader() {
    return new TaskFileReader(validator());
  }

  /** "line:column path: message" without the file name, for compact assertions. */
  static List<String> brief(List<Problem> problems) {
    return problems.stream()
        .map(p -> p.location().line() + ":" + p.location().column() + " " + p.path() + ": " + p.message())
        .toList();
  }
}
