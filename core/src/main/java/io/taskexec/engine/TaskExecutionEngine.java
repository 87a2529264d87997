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
import java.util.Set;
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
  private final Recovery.Result recovery;

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
      store.putAgent(a); // the agents a run had, for status, history and reports
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
    this.recovery = Recovery.load(store);
    if (!recovery.runs().isEmpty()) {
      seq.set(recovery.maxSeq());
      events.recovered(recovery.maxEventSeq(), recovery.runs());
      for (TaskRun run : recovery.runs()) runs.put(run.id(), run);
      loop.post(() -> loop.recovered(recovery));
    }
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
    Map<String, TaskRun> known = alreadyAccepted(tasks);
    Set<String> existing = known.isEmpty() ? runs.keySet() : without(runs.keySet(), known.keySet());
    List<Problem> problems = validator.validate(tasks, existing, sources);
    if (!problems.isEmpty()) throw new ValidationException(problems);
    Instant now = clock.now();
    List<TaskRun> batch = new ArrayList<>(tasks.size());
    List<StoredTask> stored = new ArrayList<>(tasks.size());
    List<TaskHandle> handles = new ArrayList<>(tasks.size());
    long next = seq.getAndAdd(tasks.size() - known.size()); // one atomic step for the batch
    for (Task t : tasks) {
      TaskRun run = known.get(t.id());
      if (run == null) {
        run = new TaskRun(t, ++next, now, executors.get(t.type()));
        batch.add(run);
        stored.add(new StoredTask(t, run.item.seq(), now));
      }
      handles.add(new TaskHandle(t.id(), run.future));
    }
    if (!stored.isEmpty()) store.submit(stored);
    List<String> taken = new ArrayList<>();
    for (TaskRun run : batch) {
      if (runs.putIfAbsent(run.id(), run) != null) taken.add(run.id());
    }
    if (!taken.isEmpty()) {
      batch.forEach(r -> runs.remove(r.id(), r));
      throw new ConflictException(taken);
    }
    if (!batch.isEmpty()) loop.post(() -> loop.submitted(batch));
    return handles;
  }

  /**
   * Tasks of the batch already accepted with the same spec (a resubmitted file): accepted again
   * without change. The same id with a different spec is a conflict.
   */
  private Map<String, TaskRun> alreadyAccepted(List<Task> tasks) {
    if (runs.isEmpty()) return Map.of();
    Map<String, TaskRun> known = new java.util.HashMap<>();
    List<String> conflicts = new ArrayList<>();
    for (Task t : tasks) {
      TaskRun run = runs.get(t.id());
      if (run == null) continue;
      if (run.task.equals(t)) known.put(t.id(), run);
      else conflicts.add(t.id());
    }
    if (!conflicts.isEmpty()) throw new ConflictException(conflicts);
    return known;
  }

  private static Set<String> without(Set<String> all, Set<String> removed) {
    Set<String> s = new java.util.HashSet<>(all);
    s.removeAll(removed);
    return s;
  }

  /** The validator this engine applies to every submission (its task types, agents, resources). */
  public TaskValidator validator() {
    return validator;
  }

  /**
   * Checks tasks as {@link #submitAll} would, without submitting them. A task already accepted
   * with the same spec (a file run again) is not a duplicate.
   */
  public List<Problem> validate(List<Task> tasks, SourceMap sources) {
    Set<String> identical = new java.util.HashSet<>();
    for (Task t : tasks) {
      TaskRun run = runs.get(t.id());
      if (run != null && run.task.equals(t)) identical.add(t.id());
    }
    return validator.validate(tasks, identical.isEmpty() ? runs.keySet() : without(runs.keySet(), identical), sources);
  }

  /** The number of allocations the ledger holds now (zero when idle: nothing leaked). */
  public CompletableFuture<Integer> liveAllocations() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    loop.post(() -> f.complete(loop.resources.allocationCount()));
    return f;
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

  /**
   * What this engine found in its store when it started: tasks that had ended, that were waiting,
   * and that were interrupted (placed or running when the previous engine stopped; they run again).
   */
  public RecoverySummary recovered() {
    return new RecoverySummary(recovery.ended(), recovery.waiting(), recovery.interrupted());
  }

  /** Counts of tasks taken back from the store at start. */
  public record RecoverySummary(int ended, int waiting, int interrupted) {
    public int total() {
      return ended + waiting + interrupted;
    }
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

  /**
   * Stops at once, as a crash would: no cancel, no final events beyond those already handed to the
   * store. For tests of recovery.
   */
  void halt() {
    closed = true;
    loop.stop();
    pool.shutdown();
  }

  /**
   * Stops without recording an end for any task, so that an engine on the same store takes them
   * all back: running processes are killed (their attempts count as lost), waiting tasks stay as
   * they are stored. Use it when a process must stop but its work should resume later.
   */
  public void stop() {
    if (closed) return;
    closed = true;
    loop.stop();
    for (TaskRun run : runs.values()) {
      AttemptContext ctx = run.context;
      if (ctx != null) ctx.cancel(io.taskexec.error.FailureKind.LOST_WORKER);
    }
    pool.shutdown();
    store.flush();
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
