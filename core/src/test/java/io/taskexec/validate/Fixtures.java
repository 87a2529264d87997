package io.taskexec.validate;

import io.taskexec.execute.AttemptResult;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.task.Requirements;
import io.taskexec.time.Clock;
import io.taskexec.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Validators with fake executors and a fake 16-core agent, for tests. */
final class Fixtures {
  private Fixtures() {}

  static final ManualClock CLOCK = new ManualClock();

  /** A "shell" type that wants a command, and a "noop" type that wants nothing. */
  static Map<String, TaskExecutor> executors() {
    TaskExecutor shell = new FakeExecutor("shell") {
      @Override
      public List<ParamProblem> validate(io.taskexec.task.Task task) {
        return task.params().get("command") instanceof String
            ? List.of()
            : List.of(new ParamProblem("command", "a shell task needs a command", "add command: \"echo hi\""));
      }
    };
    return Map.of("shell", shell, "noop", new FakeExecutor("noop"));
  }

  /** The largest agent has 16 cores, 64 GB memory, 500 GB disk, 2 GPUs. */
  static Optional<String> neverFits(Requirements r) {
    if (r.cpuCores() > 16) return Optional.of("needs " + (int) r.cpuCores() + " cpu cores; the largest agent has 16");
    if (r.memoryGb() > 64) return Optional.of("needs " + r.memoryGb() + " GB memory; the largest agent has 64");
    if (r.gpuUnits() > 2) return Optional.of("needs " + r.gpuUnits() + " GPUs; the largest agent has 2");
    return Optional.empty();
  }

  static TaskValidator validator() {
    return validator(CLOCK);
  }

  static TaskValidator validator(Clock clock) {
    return new TaskValidator(executors(), Fixtures::neverFits, Set.of("db-pool", "licence"), clock);
  }

  static class FakeExecutor implements TaskExecutor {
    private final String type;

    FakeExecutor(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public AttemptResult execute(ExecutionContext ctx) {
      return AttemptResult.OK;
    }
  }
}
