package io.taskexec.engine;

import io.taskexec.config.EngineConfig;
import io.taskexec.error.ErrorManager;
import io.taskexec.event.EventListener;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.AgentSpec;
import io.taskexec.place.ResourceManager;
import io.taskexec.store.ConflictException;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceMap;
import io.taskexec.validate.TaskValidator;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded engine: validate, plan, place, execute, record. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * try (var engine = TaskExecutionEngine.builder().handler(new MyHandler()).build()) {
 *   TaskHandle h = engine.submit(Task.builder(null, "my-type").cpu(1).memoryGb(0.5).build());
 *   TaskResult r = h.result().join();
 * }
 * }</pre>
 *
 * <p>Thread-safe: submit, cancel and queries may be called from any thread. Submissions are
 * validated on the caller's thread and acknowledged once the store has them durably.
 */
public final class TaskExecutionEngine implements AutoCloseable {
  private final EngineConfig config;
  private final Clock clock;
  private final StateStore store;
  private final Map<String, TaskExecutor> executors;
  private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
  private final TaskValidator validator;
  private final SchedulerLoop loop;
  private final WorkerPool pool;
  private final Events events;
  private final List<AgentSpec> agents;
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean closed;

  TaskExecutionEngine(EngineBuilder b) {
    this.config = b.config.engine();
    this.clock = b.clock;
    this.store = b.store;
    this.executors = Map.copyOf(b.executors);
    this.agents = List.copyOf(b.agents);
    ResourceManager ledger = new ResourceManager(config.resourceManager().allocationStrategy(), config.resourceManager().overcommitRatio());
    ResourceManager capacityModel = new ResourceManager(config.resourceManager().allocationStrategy(), config.resourceManager().overcommitRatio());
    for (AgentSpec a : agents) {
      ledger.addAgent(a);
      capacityModel.addAgent(a);
    }
    this.validator = new TaskValidator(executors, req -> {
      synchronized (capacityModel) {
        return capacityModel.neverFits(req);
      }
    }, config.resourceManager().resources().keySet(), clock);
    this.events = new Events(clock, store, b.listeners);
    this.pool = new WorkerPool(config.workerPool());
    ErrorManager errors = new ErrorManager(config.errorHandling(), b.random);
    b.errorHandlers.forEach((kind, hs) -> hs.forEach(h -> errors.register(kind, h)));
    EngineParts parts = new EngineParts(config, clock, ledger, errors, events, pool, executors, runs, b.dataDirectory.resolve("logs"));
    this.loop = new SchedulerLoop(parts);
    this.loop.start();
  }

  public static EngineBuilder builder() {
    return new EngineBuilder();
  }

  /** Validates, stores and schedules one task. */
  public TaskHandle submit(Task task) {
    return submitAll(List.of(task)).get(0);
  }

  /** Validates the batch as a whole (every problem at once), stores it durably, then schedules it. */
  public List<TaskHandle> submitAll(List<Task> tasks) {
    return submitAll(tasks, SourceMap.EMPTY);
  }

  /**
   * As {@link #submitAll(List)}, with source locations for problems.
   *
   * @throws ValidationException listing every problem; nothing of the batch is accepted
   * @throws ConflictException when an id is already used by a different task
   */
  public List<TaskHandle> submitAll(List<Task> tasks, SourceMap sources) {
    if (closed) throw new IllegalStateException("the engine is closed");
    List<Problem> problems = validator.validate(tasks, runs.keySet(), sources);
    if (!problems.isEmpty()) throw new ValidationException(problems);
    Instant now = clock.now();
    List<TaskRun> batch = new ArrayList<>(tasks.size());
    List<StoredTask> stored = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      TaskRun run = new TaskRun(t, seq.incrementAndGet(), now);
      batch.add(run);
      stored.add(new StoredTask(t, run.item.seq(), now));
    }
    store.submit(stored);
    List<String> taken = new ArrayList<>();
    for (TaskRun run : batch) {
      if (runs.putIfAbsent(run.id(), run) != null) taken.add(run.id());
    }
    if (!taken.isEmpty()) {
      batch.forEach(r -> runs.remove(r.id(), r));
      throw new ConflictException(taken);
    }
    loop.post(() -> loop.submitted(batch));
    List<TaskHandle> handles = new ArrayList<>(batch.size());
    for (TaskRun run : batch) handles.add(new TaskHandle(run.id(), run.future));
    return handles;
  }

  /** Checks tasks as {@link #submitAll} would, without submitting them. */
  public List<Problem> validate(List<Task> tasks, SourceMap sources) {
    return validator.validate(tasks, runs.keySet(), sources);
  }

  /** Cancels a task: one that waits never runs; a running one has its process tree killed. */
  public boolean cancel(String taskId, String reason) {
    TaskRun run = runs.get(taskId);
    if (run == null) return false;
    loop.post(() -> loop.cancel(run, reason));
    return true;
  }

  /** Cancels every task that has not ended. */
  public void cancelAll(String reason) {
    loop.post(() -> runs.values().forEach(r -> loop.cancel(r, reason)));
  }

  /** Completes when no submitted task is still open. */
  public CompletableFuture<Void> whenIdle() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    loop.post(() -> loop.whenIdle(f));
    return f;
  }

  public Optional<TaskSnapshot> task(String id) {
    TaskRun run = runs.get(id);
    return run == null ? Optional.empty() : Optional.of(run.snapshot());
  }

  /** Snapshots of every task, in submission order. */
  public List<TaskSnapshot> tasks() {
    return runs.values().stream().sorted(java.util.Comparator.comparingLong(r -> r.item.seq())).map(TaskRun::snapshot).toList();
  }

  /** How many tasks are in each state now. */
  public Map<TaskState, Long> counts() {
    Map<TaskState, Long> m = new EnumMap<>(TaskState.class);
    for (TaskState s : TaskState.values()) m.put(s, events.count(s));
    return m;
  }

  public void addListener(EventListener listener) {
    events.addListener(listener);
  }

  public List<AgentSpec> agents() {
    return agents;
  }

  public Clock clock() {
    return clock;
  }

  public int workerCount() {
    return pool.size();
  }

  public int peakWorkerCount() {
    return pool.peak();
  }

  /** Stops scheduling, cancels what runs, waits for it to end, flushes the store. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    cancelAll("engine closed");
    try {
      whenIdle().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    loop.stop();
    pool.shutdown();
    store.flush();
  }
}
