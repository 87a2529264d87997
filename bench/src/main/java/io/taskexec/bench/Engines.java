package io.taskexec.bench;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.ErrorHandlingConfig;
import io.taskexec.config.LocalAgentConfig;
import io.taskexec.config.ResourceManagerConfig;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.event.EventListener;
import io.taskexec.event.TaskEvent;
import io.taskexec.engine.TaskHandle;
import io.taskexec.place.AgentSpec;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Engines built so that only the engine's own costs are measured: a fixed pool of workers (no
 * growth), one agent so large that capacity never limits, events not kept, no service loading.
 */
final class Engines {
  /** An agent that no benchmark fills: a million cores, a petabyte of memory and disk. */
  static final AgentSpec BIG_AGENT = AgentSpec.of("bench-agent", 1e6, 1e6, 1e6, 0);

  /** The names of the engine's worker threads start so. */
  static final String WORKER_PREFIX = "taskexec-worker";

  private static final Duration IDLE_LIMIT = Duration.ofMinutes(5);

  private Engines() {}

  static TaskExecutionConfig config(int workers, Path dataDirectory) {
    EngineConfig d = EngineConfig.DEFAULT;
    EngineConfig engine = new EngineConfig(
        new WorkerPoolConfig(workers, workers, 1.5, Duration.ofMinutes(1)),
        new ResourceManagerConfig(PlacementStrategy.BEST_FIT, 1.0, Duration.ofMinutes(5), LocalAgentConfig.DETECT, Map.of()),
        new StateManagerConfig("memory", Duration.ofSeconds(1), dataDirectory.toString(), null),
        ErrorHandlingConfig.DEFAULT,
        d.deadlinePolicy());
    return TaskExecutionConfig.DEFAULT.withEngine(engine);
  }

  static TaskExecutionEngine build(int workers) {
    return build(workers, new RoundCounter());
  }

  private static TaskExecutionEngine build(int workers, RoundCounter counter) {
    Path dir = scratchDirectory();
    return TaskExecutionEngine.builder()
        .config(config(workers, dir))
        .dataDirectory(dir)
        .agent(BIG_AGENT)
        .store(new InMemoryStateStore(false))
        .serviceLoader(false)
        .listener(counter)
        .build();
  }

  /**
   * Runs {@code tasks} through a fresh engine: submitted in batches of {@code batch} by
   * {@code submitAll}, timed from the first submission until the engine is idle.
   *
   * @param checkHandles also wait on every handle's result (for tests; outside the timing)
   */
  static Run run(String what, List<Task> tasks, int workers, int batch, boolean checkHandles) {
    RoundCounter counter = new RoundCounter();
    try (TaskExecutionEngine engine = build(workers, counter); HeapProbe probe = HeapProbe.start()) {
      List<List<TaskHandle>> handles = new java.util.ArrayList<>();
      CpuSplit.Reading before = CpuSplit.read(WORKER_PREFIX);
      long t0 = System.nanoTime();
      for (int from = 0; from < tasks.size(); from += batch) {
        List<TaskHandle> h = engine.submitAll(tasks.subList(from, Math.min(tasks.size(), from + batch)));
        if (checkHandles) handles.add(h);
      }
      awaitIdle(engine);
      long nanos = System.nanoTime() - t0;
      CpuSplit cpu = CpuSplit.read(WORKER_PREFIX).since(before);
      long succeeded = engine.counts().get(TaskState.SUCCEEDED);
      if (checkHandles) succeeded = Math.min(succeeded, succeededHandles(handles));
      return new Run(what, tasks.size(), succeeded, nanos, probe.finish(), cpu, counter.rounds, counter.events);
    }
  }

  /**
   * Counts the batches of events the scheduler hands to listeners, one per round that emitted
   * any, and the events. Called on the scheduler thread only; read after the engine is idle.
   */
  private static final class RoundCounter implements EventListener {
    private volatile long rounds;
    private volatile long events;

    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the scheduler thread
    public void onEvents(List<TaskEvent> batch) {
      rounds++;
      events += batch.size();
    }
  }

  private static long succeededHandles(List<List<TaskHandle>> handles) {
    long ok = 0;
    for (List<TaskHandle> batch : handles) {
      for (TaskHandle h : batch) {
        if (h.result().join().succeeded()) ok++;
      }
    }
    return ok;
  }

  private static void awaitIdle(TaskExecutionEngine engine) {
    try {
      engine.whenIdle().get(IDLE_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the engine did not become idle within " + IDLE_LIMIT + ": " + engine.counts(), e);
    }
  }

  private static Path scratchDirectory() {
    try {
      Path dir = Files.createTempDirectory("taskexec-bench-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for the engine", e);
    }
  }
}
