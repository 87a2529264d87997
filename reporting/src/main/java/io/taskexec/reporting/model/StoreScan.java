package io.taskexec.reporting.model;

import io.taskexec.store.MetricSummary;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a store one task at a time through the {@link StateStore} SPI ({@link StateStore#forEachTask},
 * which a durable store streams in a few queries), so that a report over many tasks holds one task's
 * facts at once, never every event. A store that keeps no metrics gives empty summaries.
 */
public final class StoreScan {
  private StoreScan() {}

  /** Calls {@code each} for every stored task, in submission order. */
  public static void forEachTask(StateStore store, Consumer<TaskFacts> each) {
    store.forEachTask(r -> each.accept(new TaskFacts(r.stored(), r.status(), r.attempts(), r.metrics())));
  }

  /** One task's facts, or empty when it is not stored. */
  public static Optional<TaskFacts> task(StateStore store, String taskId) {
    return store.status(taskId).flatMap(s -> facts(store, s));
  }

  private static Optional<TaskFacts> facts(StateStore store, TaskStatus s) {
    Optional<StoredTask> t = store.task(s.taskId());
    if (t.isEmpty()) return Optional.empty();
    return Optional.of(new TaskFacts(t.get(), s, store.attempts(s.taskId()), metrics(store, s.taskId())));
  }

  /** The task's metric summaries; empty when the store keeps none. */
  static List<MetricSummary> metrics(StateStore store, String taskId) {
    try {
      return store.metricSummaries(taskId);
    } catch (UnsupportedOperationException e) {
      return List.of();
    }
  }
}
