package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import java.util.List;

/**
 * Where the engine keeps task specs and events. Implementations: {@link InMemoryStateStore} here;
 * SQLite and PostgreSQL in the {@code store} module. One contract test suite covers them all.
 *
 * <p>Thread-safe. Methods may block on I/O.
 */
public interface StateStore extends AutoCloseable {
  /**
   * Makes submissions durable; returns only once they are. Idempotent: a task whose id and spec are
   * both already stored is accepted again without change.
   *
   * @throws ConflictException when an id is stored with a different spec (nothing is written)
   */
  void submit(List<StoredTask> tasks);

  /** Appends events in order. May buffer (write-behind) until {@link #flush} or the sync interval. */
  void append(List<TaskEvent> events);

  /** Makes every appended event durable before returning. */
  void flush();

  /** Every stored task, in submission order. */
  List<StoredTask> tasks();

  /** Every stored event, in sequence order. */
  List<TaskEvent> events();

  @Override
  void close();
}
