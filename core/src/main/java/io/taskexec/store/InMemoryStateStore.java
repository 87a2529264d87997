package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps everything in memory: for tests, benchmarks and {@code persistence: memory}. Nothing
 * survives the process. Thread-safe (one lock).
 */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, StoredTask> tasks = new LinkedHashMap<>();
  private final List<TaskEvent> events = new ArrayList<>();
  private final Map<String, List<TaskEvent>> eventsByTask = new HashMap<>();
  private final Map<String, AgentSpec> agents = new TreeMap<>();
  private final Map<String, MetricSummary[]> metrics = new HashMap<>();
  private final Map<String, ReportEntry> reports = new LinkedHashMap<>();
  private final boolean keepEvents;

  public InMemoryStateStore() {
    this(true);
  }

  /**
   * @param keepEvents false to drop events (benchmarks of a million tasks); then every task reads
   *     as PENDING with no attempts
   */
  public InMemoryStateStore(boolean keepEvents) {
    this.keepEvents = keepEvents;
  }

  @Override
  public synchronized void submit(List<StoredTask> batch) {
    List<String> conflicts = new ArrayList<>();
    Map<String, Task> seen = new HashMap<>();
    for (StoredTask t : batch) {
      StoredTask old = tasks.get(t.task().id());
      Task first = old != null ? old.task() : seen.putIfAbsent(t.task().id(), t.task());
      if (first != null && !first.equals(t.task()) && !conflicts.contains(t.task().id()))
        conflicts.add(t.task().id());
    }
    if (!conflicts.isEmpty()) throw new ConflictException(conflicts);
    for (StoredTask t : batch) tasks.putIfAbsent(t.task().id(), t);
  }

  @Override
  public synchronized void append(List<TaskEvent> batch) {
    if (!keepEvents) return;
    events.addAll(batch);
    for (TaskEvent e : batch) eventsByTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
  }

  @Override
  public void flush() {}

  @Override
  public synchronized List<StoredTask> tasks() {
    List<StoredTask> out = new ArrayList<>(tasks.values());
    out.sort(java.util.Comparator.comparingLong(StoredTask::seq)); // stable: ties keep arrival order
    return out;
  }

  @Override
  public synchronized List<TaskEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public synchronized Optional<StoredTask> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  @Override
  public synchronized List<TaskEvent> events(String taskId) {
    return List.copyOf(eventsByTask.getOrDefault(taskId, List.of()));
  }

  @Override
  public synchronized Optional<TaskStatus> status(String taskId) {
    return task(taskId).map(this::statusOf);
  }

  @Override
  public synchronized List<TaskStatus> statuses() {
    List<TaskStatus> out = new ArrayList<>(tasks.size());
    for (StoredTask t : tasks.values()) out.add(statusOf(t));
    return out;
  }

  private TaskStatus statusOf(StoredTask t) {
    List<TaskEvent> es = eventsByTask.get(t.task().id());
    if (es == null || es.isEmpty())
      return new TaskStatus(t.task().id(), TaskState.PENDING, 0, 0, t.submittedAt());
    TaskEvent e = es.get(es.size() - 1);
    return new TaskStatus(t.task().id(), e.state(), e.attempt(), e.seq(), e.at());
  }

  @Override
  public synchronized long lastEventSeq() {
    long max = 0;
    for (TaskEvent e : events) max = Math.max(max, e.seq());
    return max;
  }

  @Override
  public synchronized void putAgent(AgentSpec agent) {
    agents.put(agent.id(), agent);
  }

  @Override
  public synchronized void removeAgent(String agentId) {
    agents.remove(agentId);
  }

  @Override
  public synchronized List<AgentSpec> agents() {
    return List.copyOf(agents.values());
  }

  @Override
  public synchronized void putMetricSummaries(List<MetricSummary> summaries) {
    for (MetricSummary m : summaries)
      metrics.merge(m.taskId(), new MetricSummary[] {m}, InMemoryStateStore::withRow);
  }

  @Override
  public synchronized List<MetricSummary> metricSummaries(String taskId) {
    MetricSummary[] rows = metrics.get(taskId);
    return rows == null ? List.of() : List.of(rows);
  }

  /**
   * A task's rows sorted by name with {@code one[0]} in its place (replacing the row of its
   * name). An array rather than a TreeMap per task: a monitor stores a few rows for every task
   * that ends, and the TreeMap and its entries were more than half of what they kept on the heap.
   */
  private static MetricSummary[] withRow(MetricSummary[] rows, MetricSummary[] one) {
    MetricSummary m = one[0];
    int i = 0;
    while (i < rows.length && rows[i].name().compareTo(m.name()) < 0) i++;
    if (i < rows.length && rows[i].name().equals(m.name())) {
      MetricSummary[] out = rows.clone();
      out[i] = m;
      return out;
    }
    MetricSummary[] out = new MetricSummary[rows.length + 1];
    System.arraycopy(rows, 0, out, 0, i);
    out[i] = m;
    System.arraycopy(rows, i, out, i + 1, rows.length - i);
    return out;
  }

  @Override
  public synchronized void addReport(ReportEntry report) {
    reports.remove(report.id());
    reports.put(report.id(), report);
  }

  @Override
  public synchronized List<ReportEntry> reports() {
    return List.copyOf(reports.values());
  }

  @Override
  public synchronized List<String> check() {
    return StoreChecks.check(tasks(), events, Map.of());
  }

  @Override
  public void close() {}
}
