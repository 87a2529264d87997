package io.taskexec.validate;

import static io.taskexec.validate.ProblemCollector.field;
import static io.taskexec.validate.ProblemCollector.task;

import io.taskexec.execute.TaskExecutor;
import io.taskexec.execute.TaskExecutor.ParamProblem;
import io.taskexec.task.Deadline;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks a batch of tasks against the rules of the specification and reports every problem at
 * once: zero or negative resources, duplicate ids, unknown dependency targets, cycles (with the
 * cycle printed), deadlines already past, unknown task types and their parameters, and tasks no
 * agent could ever hold. Validation checks the spec, not the world: a dependency on a task that has
 * not finished is normal.
 *
 * <p>Runs in O(tasks + dependencies): it is called on every submission. The order of the checks:
 * ids first (so that dependencies can be resolved), then each task on its own, then each
 * dependency, then the cycles of the whole batch.
 *
 * <p>Thread-safe if its inputs are; does no I/O. Exceptions thrown by an executor's parameter
 * check are reported as a problem of that task, not thrown.
 */
public final class TaskValidator {
  private final Map<String, TaskExecutor> executors;
  private final Function<Requirements, Optional<String>> neverFits;
  private final Set<String> namedResources;
  private final Clock clock;
  private final String knownTypes;

  /**
   * @param executors the known task types and their parameter checks
   * @param neverFits says why no agent could ever hold a requirement, or empty when one could
   * @param namedResources the counted resources {@code resource} dependencies may name
   */
  public TaskValidator(Map<String, TaskExecutor> executors,
      Function<Requirements, Optional<String>> neverFits, Set<String> namedResources, Clock clock) {
    this.executors = Map.copyOf(executors);
    this.neverFits = Objects.requireNonNull(neverFits, "neverFits");
    this.namedResources = Set.copyOf(namedResources);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.knownTypes = String.join(", ", new TreeSet<>(this.executors.keySet()));
  }

  /**
   * A validator that also accepts the named resources {@code more}, e.g. those a task file
   * declares under {@code resources:}. This one is unchanged.
   */
  public TaskValidator withResources(Collection<String> more) {
    if (more.isEmpty() || namedResources.containsAll(more)) return this;
    Set<String> all = new HashSet<>(namedResources);
    all.addAll(more);
    return new TaskValidator(executors, neverFits, all, clock);
  }

  /**
   * Validates {@code batch} as a whole.
   *
   * @param existingIds ids already known to the engine (dependencies may point at them; new tasks
   *     may not reuse them)
   * @param sources locations of fields, by path {@code tasks[i].field...}; {@link SourceMap#EMPTY}
   *     for tasks built in code
   * @return every problem, in source order; empty when the batch is valid
   */
  public List<Problem> validate(List<Task> batch, Set<String> existingIds, SourceMap sources) {
    Set<String> existing = existingIds == null ? Set.of() : existingIds;
    ProblemCollector out = new ProblemCollector(sources);
    IdTable index = indexIds(batch, existing, out);
    Instant now = clock.now();
    int dependencyCount = 0;
    FitMemo fits = new FitMemo();
    for (int i = 0; i < batch.size(); i++) {
      Task t = batch.get(i);
      if (t == null) continue;
      checkType(i, t, out);
      checkRequirements(i, t.requirements(), fits, out);
      checkTimes(i, t, now, out);
      dependencyCount += t.dependencies().size();
    }
    DependencyGraph graph = new DependencyGraph(batch.size(), dependencyCount);
    DependencyChecks deps = new DependencyChecks(index, existing, namedResources, out);
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i) != null) deps.check(i, batch.get(i), graph);
    }
    for (DependencyGraph.Cycle c : graph.cycles()) DependencyChecks.reportCycle(c, batch, out);
    return out.sorted();
  }

  // ---- ids ----------------------------------------------------------------------------------

  private static IdTable indexIds(List<Task> batch, Set<String> existing,
      ProblemCollector out) {
    IdTable index = new IdTable(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Task t = batch.get(i);
      if (t == null) {
        out.add(i, task(i), "task is missing (null)", "remove the empty entry from the batch");
        continue;
      }
      String id = t.id();
      checkIdSyntax(i, id, out);
      int first = index.putIfAbsent(id, i);
      if (first >= 0) {
        SourceLocation there = out.sources().locate(field(first, "id"));
        String where = there.line() > 0 ? task(first) + " at " + there : task(first);
        out.add(i, field(i, "id"), "duplicate id '" + id + "': " + where + " has it too",
            "give each task its own id, or leave id out to get a generated one");
      } else if (existing.contains(id)) {
        out.add(i, field(i, "id"), "id '" + id + "' is already used by a submitted task",
            "choose another id, or leave id out to get a generated one");
      }
    }
    return index;
  }

  private static void checkIdSyntax(int i, String id, ProblemCollector out) {
    String hint = "use 1 to 200 letters, digits, '.', '_', ':' or '-', e.g. extract-1";
    if (id.isBlank()) {
      out.add(i, field(i, "id"), "id must not be blank", hint + ", or leave id out to get a generated one");
      return;
    }
    if (id.length() > 200) {
      out.add(i, field(i, "id"), "id is " + id.length() + " characters long; at most 200 are allowed", hint);
      return;
    }
    for (int k = 0; k < id.length(); k++) {
      char c = id.charAt(k);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        out.add(i, field(i, "id"), "id '" + id + "' contains '" + c + "', which is not allowed", hint);
        return;
      }
    }
  }

  // ---- one task on its own ------------------------------------------------------------------

  private void checkType(int i, Task t, ProblemCollector out) {
    String type = t.type();
    TaskExecutor executor = executors.get(type);
    if (executor == null) {
      String known = knownTypes.isEmpty() ? "no task types are registered" : "known types: " + knownTypes;
      if (type.isBlank()) {
        out.add(i, field(i, "type"), "type is required", "add type:, " + known);
      } else {
        String guess = Suggestions.didYouMean(Suggestions.closestOf(type, executors.keySet()));
        out.add(i, field(i, "type"), "unknown task type '" + type + "'",
            guess + known + "; a Java handler must be registered for its type");
      }
      return;
    }
    List<ParamProblem> problems;
    try {
      problems = executor.validate(t);
    } catch (RuntimeException e) {
      out.add(i, task(i), "the " + type + " executor could not check this task's parameters: " + e,
          "check the task's parameters; this is also a bug in the " + type + " executor's validate()");
      return;
    }
    if (problems == null) return;
    for (ParamProblem p : problems) {
      String f = p.field() == null || p.field().isBlank() ? "params" : p.field();
      out.add(i, field(i, f), p.message(), p.hint());
    }
  }

  /**
   * The last answer of {@code neverFits} in this run: tasks of a batch mostly ask for the same
   * requirements, and the capacity they are checked against does not change within a run.
   */
  private static final class FitMemo {
    Requirements requirements;
    Optional<String> why;
  }

  private void checkRequirements(int i, Requirements r, FitMemo memo, ProblemCollector out) {
    boolean ok = positive(i, "cpu_cores", r.cpuCores(), "1", out);
    ok &= positive(i, "memory_gb", r.memoryGb(), "0.5", out);
    ok &= positive(i, "storage_gb", r.storageGb(), "1", out);
    if (r.gpuUnits() < 0) {
      ok = false;
      out.add(i, field(i, "requirements.gpu_units"), "gpu_units must be >= 0, got " + r.gpuUnits(),
          "write gpu_units: 0 (or leave it out) for a task without GPUs");
    }
    if (!ok) return;
    Optional<String> why;
    if (r.equals(memo.requirements)) {
      why = memo.why;
    } else {
      why = neverFits.apply(r);
      memo.requirements = r;
      memo.why = why;
    }
    if (why != null && why.isPresent()) {
      out.add(i, field(i, "requirements"), why.get(),
          "lower the requirements, or add an agent large enough to hold this task");
    }
  }

  private static boolean positive(int i, String name, double value, String example,
      ProblemCollector out) {
    if (value > 0 && Double.isFinite(value)) return true;
    String got = Double.isFinite(value) ? number(value) : String.valueOf(value);
    String rule = Double.isFinite(value) ? " must be > 0, got " : " must be a finite number, got ";
    out.add(i, field(i, "requirements." + name), name + rule + got,
        "every task needs some of each resource; write e.g. " + name + ": " + example);
    return false;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static void checkTimes(int i, Task t, Instant now, ProblemCollector out) {
    if (t.deadline() instanceof Deadline.At at && !at.instant().isAfter(now)) {
      out.add(i, field(i, "deadline"), "deadline " + at.instant() + " is already past",
          "it is now " + now + "; give a later instant, or a deadline relative to submission such as 2h");
    }
    Duration timeout = t.timeout();
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      out.add(i, field(i, "timeout"), "timeout must be > 0, got " + timeout,
          "write e.g. timeout: 30m, or leave timeout out for no timeout");
    }
    Duration estimate = t.estimatedDuration();
    if (estimate != null && estimate.isNegative()) {
      out.add(i, field(i, "estimated_duration"), "estimated_duration must not be negative, got " + estimate,
          "write e.g. estimated_duration: 10m, or leave it out");
    }
  }
}
