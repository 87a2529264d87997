package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the engine keeps task specs, events and what is derived from them. Implementations:
 * {@link InMemoryStateStore} here; SQLite and PostgreSQL in the {@code store} module. One contract
 * test suite covers them all.
 *
 * <p>Thread-safe. Methods may block on I/O. No method returns null. Reads see every write made
 * before them by any thread, buffered events included (a durable store flushes them first).
 *
 * <p>Errors: {@link StoreUnavailableException} (retryable) when the store is away for longer than
 * its own retries, {@link StoreException} when waiting cannot help; both say what to do.
 *
 * <p>The defaults of the query methods derive their answers from {@link #tasks()} and
 * {@link #events()}: right for any store, but slow for a large one, so durable stores override them.
 * The defaults of the agent, metric and report methods throw {@link UnsupportedOperationException};
 * every store in taskexec implements them.
 */
public interface StateStore extends AutoCloseable {
  /**
   * Makes submissions durable; returns only once they are. Idempotent: a task whose id and spec are
   * both already stored is accepted again without change (its first seq and time are kept).
   * Concurrent callers may share one commit.
   *
   * @throws ConflictException when an id is stored (or repeated in the batch) with a different spec;
   *     nothing of the batch is written
   */
  void submit(List<StoredTask> tasks);

  /** Appends events in order. May buffer (write-behind) until {@link #flush} or the sync interval. */
  void append(List<TaskEvent> events);

  /** Makes every appended event durable before returning. */
  void flush();

  /** Every stored task, in submission order. */
  List<StoredTask> tasks();

  /** Every stored event, in the order appended. */
  List<TaskEvent> events();

  /** One stored task, or empty. */
  default Optional<StoredTask> task(String taskId) {
    return tasks().stream().filter(t -> t.task().id().equals(taskId)).findFirst();
  }

  /** One task's events, in the order appended. */
  default List<TaskEvent> events(String taskId) {
    return events().stream().filter(e -> e.taskId().equals(taskId)).toList();
  }

  /** Where one task stands, or empty when it is not stored. */
  default Optional<TaskStatus> status(String taskId) {
    return task(taskId).map(t -> statusOf(t, events(taskId)));
  }

  /** Where every stored task stands, in submission order. */
  default List<TaskStatus> statuses() {
    Map<String, List<TaskEvent>> byTask = new LinkedHashMap<>();
    for (TaskEvent e : events()) byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
    List<TaskStatus> out = new ArrayList<>();
    for (StoredTask t : tasks()) out.add(statusOf(t, byTask.getOrDefault(t.task().id(), List.of())));
    return out;
  }

  /** One task's attempts as its events tell them, attempt 1 first; empty when none was placed. */
  default List<AttemptRow> attempts(String taskId) {
    return AttemptRow.fromEvents(events(taskId));
  }

  /**
   * Calls {@code each} for every stored task, in submission order, with its status, attempts and
   * metric summaries: what {@link #statuses()}, {@link #task}, {@link #attempts} and
   * {@link #metricSummaries} tell of it (metrics empty when the store keeps none). For reading a
   * whole large store (reports): a durable store streams it in a few queries and holds one task's
   * rows at a time, where this default asks the per-task methods. {@code each} runs on the
   * caller's thread; an exception it throws ends the scan and is rethrown.
   */
  default void forEachTask(Consumer<TaskRecord> each) {
    for (TaskStatus s : statuses()) {
      Optional<StoredTask> t = task(s.taskId());
      if (t.isEmpty()) continue;
      List<MetricSummary> metrics;
      try {
        metrics = metricSummaries(s.taskId());
      } catch (UnsupportedOperationException e) {
        metrics = List.of();
      }
      each.accept(new TaskRecord(t.get(), s, attempts(s.taskId()), metrics));
    }
  }

  /** The largest event seq stored (0 when none): a restarted engine numbers on from it. */
  default long lastEventSeq() {
    long max = 0;
    for (TaskEvent e : events()) max = Math.max(max, e.seq());
    return max;
  }

  /** The largest task seq stored (0 when none): a restarted engine numbers on from it. */
  default long lastTaskSeq() {
    long max = 0;
    for (StoredTask t : tasks()) max = Math.max(max, t.seq());
    return max;
  }

  /** Stores an agent, replacing the one with the same id. Durable on return. */
  default void putAgent(AgentSpec agent) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no agents");
  }

  /** Forgets an agent; does nothing when it is not stored. Durable on return. */
  default void removeAgent(String agentId) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no agents");
  }

  /** Every stored agent, by id. */
  default List<AgentSpec> agents() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no agents");
  }

  /** Stores metric summaries, each replacing the one of the same task and name. Durable on return. */
  default void putMetricSummaries(List<MetricSummary> summaries) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no metrics");
  }

  /** One task's metric summaries, by name. */
  default List<MetricSummary> metricSummaries(String taskId) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no metrics");
  }

  /** Adds a generated report to the index, replacing one with the same id. Durable on return. */
  default void addReport(ReportEntry report) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no reports");
  }

  /** The index of generated reports, oldest first. */
  default List<ReportEntry> reports() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no reports");
  }

  /**
   * Checks the stored data against the rules of {@link StoreChecks}; an empty list means it passed.
   * Each problem is one sentence. Flushes first. May take a while on a large store.
   */
  default List<String> check() {
    flush();
    Map<String, TaskStatus> current = new LinkedHashMap<>();
    for (TaskStatus s : statuses()) current.put(s.taskId(), s);
    return StoreChecks.check(tasks(), events(), current);
  }

  @Override
  void close();

  private static TaskStatus statusOf(StoredTask t, List<TaskEvent> events) {
    if (events.isEmpty())
      return new TaskStatus(t.task().id(), io.taskexec.task.TaskState.PENDING, 0, 0, t.submittedAt());
    TaskEvent e = events.get(events.size() - 1);
    return new TaskStatus(t.task().id(), e.state(), e.attempt(), e.seq(), e.at());
  }
}
