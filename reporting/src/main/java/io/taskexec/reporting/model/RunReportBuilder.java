package io.taskexec.reporting.model;

import io.taskexec.error.FailureKind;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Computes a {@link RunReport} one task at a time ({@link #add}), keeping per task only what the
 * critical path and the timeline need (ids, types, times and requests as primitives) and bounded
 * lists of failures and misses. Not thread-safe; one builder makes one report.
 */
public final class RunReportBuilder {
  /** At most this many failures and deadline misses are listed; the totals count them all. */
  public static final int MAX_LISTED = 200;
  private static final TaskState[] STATES = TaskState.values();
  private static final String[] OUTCOMES;

  static {
    OUTCOMES = new String[STATES.length + 1];
    for (TaskState s : STATES) OUTCOMES[s.ordinal()] = s.name();
    OUTCOMES[STATES.length] = "RUNNING";
  }

  private final Instant now;
  private final AttemptLog log = new AttemptLog();
  private final CriticalPaths paths = new CriticalPaths();
  private final List<String> taskIds = new ArrayList<>();
  private final Map<String, Integer> agentIndex = new HashMap<>();
  private final List<String> agents = new ArrayList<>();
  private final List<long[]> agentCounts = new ArrayList<>(); // attempts, succeeded, unsuccessful
  private final List<double[]> agentBusy = new ArrayList<>();
  private final Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
  private final Map<FailureKind, Long> kinds = new EnumMap<>(FailureKind.class);
  private final List<RunReport.Failure> failures = new ArrayList<>();
  private final PriorityQueue<RunReport.Miss> misses =
      new PriorityQueue<>(Comparator.comparingDouble((RunReport.Miss m) -> m.lateSeconds() == null ? Double.MAX_VALUE : m.lateSeconds()));
  private long tasks, attempts, retries, failureTotal, missTotal, withDeadline;
  private double busy;

  /** @param now the report's time: attempts still running are drawn up to it */
  public RunReportBuilder(Instant now) {
    this.now = now;
  }

  /** Builds the run report of a whole store. */
  public static RunReport of(StateStore store, String title, String source, Instant now) {
    RunReportBuilder b = new RunReportBuilder(now);
    StoreScan.forEachTask(store, b::add);
    return b.build(title, source, capacity(store));
  }

  /** The cores of the stored agents, or null when the store keeps none. */
  static Double capacity(StateStore store) {
    try {
      List<AgentSpec> a = store.agents();
      return a.isEmpty() ? null : a.stream().mapToDouble(AgentSpec::cpuCores).sum();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  public void add(TaskFacts f) {
    Task t = f.stored().task();
    TaskState state = f.status().state();
    tasks++;
    counts.merge(state, 1L, Long::sum);
    int taskIndex = taskIds.size();
    taskIds.add(t.id());
    long first = 0, last = 0;
    double runSeconds = Usage.runSeconds(f.attempts(), now);
    Usage usage = Usage.of(f.metrics(), runSeconds, t.requirements().gpuUnits());
    double usedCores = usage.cpuSeconds() == null || runSeconds <= 0 ? Double.NaN : usage.cpuSeconds() / runSeconds;
    for (AttemptRow a : f.attempts()) {
      attempts++;
      if (a.attempt() > 1) retries++;
      if (a.failure() != null) kinds.merge(a.failure(), 1L, Long::sum);
      int ag = agent(a.agentId());
      long[] c = agentCounts.get(ag);
      c[0]++;
      if (a.outcome() == TaskState.SUCCEEDED) c[1]++;
      else if (a.outcome() != null && a.outcome() != TaskState.RUNNING) c[2]++;
      if (a.startedAt() == null) continue;
      long s = a.startedAt().toEpochMilli();
      long e = (a.endedAt() != null ? a.endedAt() : now).toEpochMilli();
      if (first == 0) first = s;
      last = Math.max(last, e);
      double secs = Math.max(0, e - s) / 1000.0;
      busy += secs;
      agentBusy.get(ag)[0] += secs;
      byte outcome = (byte) (a.outcome() == null ? STATES.length : a.outcome().ordinal());
      log.add(s, Math.max(s, e), ag, taskIndex, a.attempt(), outcome, t.requirements().cpuCores(),
          t.requirements().memoryGb(), t.requirements().gpuUnits(), usedCores);
    }
    AttemptRow lastAttempt = f.lastAttempt();
    long endedAt = state.isTerminal() ? f.status().updatedAt().toEpochMilli() : 0;
    paths.add(t.id(), t.type(), t.dependencies(), first, endedAt == 0 ? 0 : Math.max(endedAt, last));
    if (state.isTerminal() && state != TaskState.SUCCEEDED) failure(f, t, state, lastAttempt);
    deadline(f, t, state);
  }

  private void failure(TaskFacts f, Task t, TaskState state, AttemptRow a) {
    failureTotal++;
    if (failures.size() >= MAX_LISTED) return;
    String reason = a != null && a.message() != null ? a.message() : state.name().toLowerCase().replace('_', ' ');
    failures.add(new RunReport.Failure(t.id(), t.type(), state.name(), f.attempts().size(),
        a == null ? null : a.agentId(), a == null || a.failure() == null ? null : a.failure().name(),
        a == null ? null : a.exitCode(), reason, f.status().updatedAt().toString()));
  }

  private void deadline(TaskFacts f, Task t, TaskState state) {
    if (t.deadline() == null) return;
    withDeadline++;
    Instant due = t.deadline().resolve(f.stored().submittedAt());
    Instant ended = state.isTerminal() ? f.status().updatedAt() : null;
    boolean missed = state == TaskState.DEADLINE_MISSED || (ended != null && ended.isAfter(due))
        || (ended == null && now.isAfter(due));
    if (!missed) return;
    missTotal++;
    Double late = ended == null ? null : Math.max(0, (ended.toEpochMilli() - due.toEpochMilli()) / 1000.0);
    misses.add(new RunReport.Miss(t.id(), t.type(), due.toString(), ended == null ? null : ended.toString(), late, state.name()));
    if (misses.size() > MAX_LISTED) misses.poll(); // keeps the latest
  }

  private int agent(String id) {
    String name = id == null ? "(not placed)" : id;
    Integer i = agentIndex.get(name);
    if (i != null) return i;
    agentIndex.put(name, agents.size());
    agents.add(name);
    agentCounts.add(new long[3]);
    agentBusy.add(new double[1]);
    return agents.size() - 1;
  }

  /** The report of what was added. */
  public RunReport build(String title, String source, Double capacityCores) {
    long ended = 0;
    for (Map.Entry<TaskState, Long> e : counts.entrySet()) if (e.getKey().isTerminal()) ended += e.getValue();
    long ok = counts.getOrDefault(TaskState.SUCCEEDED, 0L);
    long t0 = log.size == 0 ? 0 : log.minStart(), t1 = log.size == 0 ? 0 : log.maxEnd();
    double makespan = (t1 - t0) / 1000.0;
    RunReport.Summary summary = new RunReport.Summary(tasks, ended, ok, ended - ok, tasks - ended, attempts, retries,
        ended == 0 ? null : TimeBuckets.round((double) ok / ended), log.size == 0 ? null : Instant.ofEpochMilli(t0).toString(),
        log.size == 0 ? null : Instant.ofEpochMilli(t1).toString(), makespan, TimeBuckets.round(busy), agents.size());
    List<RunReport.StateCount> stateCounts = new ArrayList<>();
    counts.forEach((s, n) -> stateCounts.add(new RunReport.StateCount(s.name(), n, TimeBuckets.round((double) n / tasks))));
    List<RunReport.AgentRow> agentRows = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      long[] c = agentCounts.get(i);
      double b = agentBusy.get(i)[0];
      agentRows.add(new RunReport.AgentRow(agents.get(i), c[0], c[1], c[2], TimeBuckets.round(b),
          makespan <= 0 ? 0 : TimeBuckets.round(b / makespan)));
    }
    List<RunReport.KindCount> byKind = new ArrayList<>();
    kinds.forEach((k, n) -> byKind.add(new RunReport.KindCount(k.name(), n)));
    List<RunReport.Miss> missList = new ArrayList<>(misses);
    missList.sort(Comparator.comparing((RunReport.Miss m) -> m.lateSeconds() == null ? Double.MAX_VALUE : m.lateSeconds()).reversed());
    return new RunReport(
        new RunReport.Meta(RunReport.SCHEMA, "run", title, now.toString(), source),
        summary, stateCounts, agentRows,
        TimeBuckets.timeline(log, agents, taskIds, OUTCOMES),
        TimeBuckets.utilisation(log, capacityCores),
        paths.build(),
        new RunReport.Failures(failureTotal, byKind, List.copyOf(failures)),
        new RunReport.DeadlineMisses(missTotal, withDeadline, missList));
  }
}
