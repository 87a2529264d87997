package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps everything in memory: for tests, benchmarks and {@code persistence: memory}. */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, StoredTask> tasks = new LinkedHashMap<>();
  private final List<TaskEvent> events = new ArrayList<>();
  private final boolean keepEvents;

  public InMemoryStateStore() {
    this(true);
  }

  /** @param keepEvents false to drop events (benchmarks of a million tasks) */
  public InMemoryStateStore(boolean keepEvents) {
    this.keepEvents = keepEvents;
  }

  @Override
  public synchronized void submit(List<StoredTask> batch) {
    List<String> conflicts = new ArrayList<>();
    for (StoredTask t : batch) {
      StoredTask old = tasks.get(t.task().id());
      if (old != null && !old.task().equals(t.task())) conflicts.add(t.task().id());
    }
    if (!conflicts.isEmpty()) throw new ConflictException(conflicts);
    for (StoredTask t : batch) tasks.putIfAbsent(t.task().id(), t);
  }

  @Override
  public synchronized void append(List<TaskEvent> batch) {
    if (keepEvents) events.addAll(batch);
  }

  @Override
  public void flush() {}

  @Override
  public synchronized List<StoredTask> tasks() {
    return List.copyOf(tasks.values());
  }

  @Override
  public synchronized List<TaskEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {}
}
