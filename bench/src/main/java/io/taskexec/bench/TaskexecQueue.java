package io.taskexec.bench;

import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.store.StateStore;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * taskexec as a subject of group (s): the whole engine (validate, store, plan, place, run, record)
 * with one of its stores, opened as {@code taskexec run} opens them ({@link StoreOptions#DEFAULT}:
 * a 1 s sync interval for events). {@code submitAll} returns once the store has committed the
 * submission; a job is done when the engine is idle and the store has flushed its events.
 */
final class TaskexecQueue implements DurableQueue {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final TaskExecutionEngine engine;
  private final StateStore store;
  private final List<Task> tasks;
  private final AutoCloseable cleanup;
  private long idleNanos;
  private long flushNanos;

  private TaskexecQueue(StateStore store, List<Task> tasks, int workers, Path engineDir, AutoCloseable cleanup) {
    this.store = store;
    this.tasks = tasks;
    this.cleanup = cleanup;
    this.engine = TaskExecutionEngine.builder()
        .config(Engines.config(workers, engineDir))
        .dataDirectory(engineDir)
        .agent(Engines.BIG_AGENT)
        .store(store)
        .serviceLoader(false)
        .build();
  }

  /** taskexec with its in-memory store (keeping every event, as the durable ones do). */
  static Opener memory(Path dir, int workers) {
    return (run, jobs) -> new TaskexecQueue(new InMemoryStateStore(), Workloads.flat(run, jobs), workers, dir, () -> {});
  }

  /** taskexec with a SQLite file of its own under {@code dir}, deleted at close. */
  static Opener sqlite(Path dir, int workers) {
    return (run, jobs) -> {
      Path runDir = Files.createDirectories(dir.resolve(run));
      StateStore store = new SqliteStateStore(runDir.resolve(SqliteStateStore.FILE_NAME), StoreOptions.DEFAULT);
      return new TaskexecQueue(store, Workloads.flat(run, jobs), workers, dir, () -> PeerJobs.deleteTree(runDir));
    };
  }

  /** taskexec with a schema of its own in {@code db}, dropped at close. */
  static Opener postgres(PgDatabase db, Path dir, int workers) {
    return (run, jobs) -> {
      String schema = "taskexec_" + run.replaceAll("[^a-z0-9_]", "_");
      StateStore store = new PostgresStateStore(db.url(), schema, StoreOptions.DEFAULT);
      return new TaskexecQueue(store, Workloads.flat(run, jobs), workers, dir, () -> db.dropSchema(schema));
    };
  }

  @Override
  public void enqueue(int from, int to) {
    if (to == from + 1) engine.submit(tasks.get(from));
    else engine.submitAll(tasks.subList(from, to));
  }

  @Override
  public boolean awaitDone(int n, Duration limit) throws Exception {
    long acked = System.nanoTime();
    try {
      engine.whenIdle().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    }
    long idle = System.nanoTime();
    store.flush();
    idleNanos = idle - acked;
    flushNanos = System.nanoTime() - idle;
    return done() >= n;
  }

  @Override
  public long done() {
    return engine.counts().getOrDefault(TaskState.SUCCEEDED, 0L);
  }

  @Override
  public String details() {
    int n = tasks.size();
    long commits = diagnostic("commits");
    long commitNanos = diagnostic("commitNanos");
    return String.format("store writers %.2f, scheduler %.2f, workers %.2f%s; after the last ack: %.3f s until idle,"
            + " %.3f s flushing events",
        cpu("taskexec-store-") / 1e3 / n, cpu("taskexec-scheduler") / 1e3 / n, cpu(Engines.WORKER_PREFIX) / 1e3 / n,
        commits < 0 ? "" : String.format("; %,d store commits taking %.3f s", commits, commitNanos / 1e9),
        idleNanos / 1e9, flushNanos / 1e9);
  }

  /** Cpu so far of the live threads whose name starts so (this engine's and store's: one of each at a time). */
  private static long cpu(String prefix) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.getName().startsWith(prefix)) continue;
      long c = THREADS.getThreadCpuTime(t.threadId());
      if (c > 0) sum += c;
    }
    return sum;
  }

  /**
   * A durable store's diagnostic counter (commits, commitNanos: kept for its tests and this
   * breakdown), or -1.
   */
  private long diagnostic(String name) {
    for (Class<?> c = store.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod(name);
        m.setAccessible(true);
        return (long) m.invoke(store);
      } catch (NoSuchMethodException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return -1;
      }
    }
    return -1;
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable c = cleanup; StateStore s = store) {
      engine.close();
    }
  }
}
