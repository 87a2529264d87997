package io.taskexec.store.jdbc;

import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable submissions per second, by hand: {@code sqlite|postgresql threads batchSize total [uuid]}.
 * Every batch is acknowledged only after its commit. Not a unit test; the bench module has the
 * comparisons with other schedulers.
 */
public final class StoreBench {
  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "sqlite";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int total = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
    boolean uuids = args.length > 4 && args[4].equals("uuid");
    for (int round = 0; round < 3; round++) {
      String schema = Pg.newSchema();
      Path dir = Files.createTempDirectory("te-bench");
      try (StateStore store = kind.equals("sqlite")
          ? new SqliteStateStore(dir.resolve("state.db"), Duration.ofSeconds(1))
          : new PostgresStateStore(Pg.URL, schema, Duration.ofSeconds(1))) {
        run(store, kind, threads, batch, total, uuids);
        events(store, kind, total);
      } finally {
        if (!kind.equals("sqlite")) Pg.drop(schema);
      }
    }
  }

  /** Six events per stored task, appended in rounds of 6,000 as the engine would, then a flush. */
  static void events(StateStore store, String kind, int tasks) {
    io.taskexec.event.EventType[] types = {io.taskexec.event.EventType.SUBMITTED, io.taskexec.event.EventType.READY,
        io.taskexec.event.EventType.PLACED, io.taskexec.event.EventType.STARTED, io.taskexec.event.EventType.LAUNCHED,
        io.taskexec.event.EventType.SUCCEEDED};
    io.taskexec.task.TaskState[] states = {io.taskexec.task.TaskState.PENDING, io.taskexec.task.TaskState.READY,
        io.taskexec.task.TaskState.PLACED, io.taskexec.task.TaskState.RUNNING, io.taskexec.task.TaskState.RUNNING,
        io.taskexec.task.TaskState.SUCCEEDED};
    List<io.taskexec.store.TaskStatus> ids = store.statuses();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    long t0 = System.nanoTime(), seq = 0;
    List<io.taskexec.event.TaskEvent> round = new ArrayList<>();
    for (io.taskexec.store.TaskStatus t : ids) {
      for (int i = 0; i < types.length; i++)
        round.add(new io.taskexec.event.TaskEvent(++seq, t.taskId(), i < 2 ? 0 : 1, types[i], states[i], at,
            i < 2 ? null : "local", null, i == 5 ? 0 : null, null, java.util.Map.of()));
      if (round.size() >= 6000) {
        store.append(round);
        round = new ArrayList<>();
      }
    }
    store.append(round);
    store.flush();
    long ns = System.nanoTime() - t0;
    System.out.printf("%s: %d events for %d tasks, appended and flushed: %.0f events/s (%.2f s)%n",
        kind, seq, ids.size(), seq * 1e9 / ns, ns / 1e9);
  }

  static void run(StateStore store, String kind, int threads, int batch, int total, boolean uuids)
      throws Exception {
    AtomicLong seq = new AtomicLong();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    int batches = total / batch;
    AtomicLong next = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        while (next.getAndIncrement() < batches) {
          List<StoredTask> b = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            long s = seq.incrementAndGet();
            Task task = Task.builder(uuids ? Task.newId() : "task-" + s, "noop").priority((int) (s % 5)).command("true").build();
            b.add(new StoredTask(task, s, now));
          }
          store.submit(b);
        }
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
    long ns = System.nanoTime() - t0;
    pool.shutdown();
    System.out.printf("%s: %d tasks (%s ids) in batches of %d from %d threads: %.0f durable tasks/s (%.2f s)%n",
        kind, (long) batches * batch, uuids ? "uuid" : "sequential", batch, threads, batches * (double) batch * 1e9 / ns, ns / 1e9);
  }
}
