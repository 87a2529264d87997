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
  private final List<AgentSpec> agents = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ResourceManager capacityModel;
  private final boolean remoteAgents;
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean closed;
  private final Recovery.Result recovery;

  TaskExecutionEngine(EngineBuilder b) {
    this.config = b.config.engine();
    this.clock = b.clock;
    this.store = b.store;
    this.executors = Map.copyOf(b.executors);
    this.agents.addAll(b.agents);
    this.remoteAgents = b.remote != null;
    ResourceManager ledger = new ResourceManager(config.resourceManager().allocationStrategy(), config.resourceManager().overcommitRatio());
    ResourceManager capacityModel = this.capacityModel = new ResourceManager(config.resourceManager().allocationStrategy(), config.resourceManager().overcommitRatio());
    for (AgentSpec a : agents) {
      ledger.addAgent(a);
      capacityModel.addAgent(a);
      store.putAgent(a); // the agents a run had, for status, history and reports
    }
    this.validator = new TaskValidator(executors, req -> {
      if (remoteAgents) return Optional.empty(); // agents come and go: a task waits for one that fits
      synchronized (capacityModel) {
        return capacityModel.neverFits(req);
      }
    }, config.resourceManager().resources().keySet(), clock);
    this.events = new Events(clock, store, b.listeners);
    this.pool = new WorkerPool(config.workerPool());
    ErrorManager errors = new ErrorManager(config.errorHandling(), b.random);
    b.errorHandlers.forEach((kind, hs) -> hs.forEach(h -> errors.register(kind, h)));
    EngineParts parts = new EngineParts(config, clock, ledger, errors, events, pool, executors, runs, b.dataDirectory.resolve("logs"), b.remote);
    this.loop = new SchedulerLoop(parts);
    this.recovery = Recovery.load(store, remoteAgents);
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

  /** The agents present now, in the order they joined. */
  public List<AgentSpec> agents() {
    return List.copyOf(agents);
  }

  /**
   * Adds an agent at runtime, or replaces the capacity of one with the same id; waiting tasks may
   * be placed on it in the next round. In cluster mode ({@link EngineBuilder#remoteAgents}) its
   * attempts go to the dispatcher, else to this engine's worker pool. Recorded in the store.
   */
  public void addAgent(AgentSpec agent) {
    java.util.Objects.requireNonNull(agent, "agent");
    store.putAgent(agent);
    synchronized (capacityModel) {
      capacityModel.addAgent(agent);
    }
    agents.removeIf(a -> a.id().equals(agent.id()));
    agents.add(agent);
    loop.post(() -> loop.agentAdded(agent));
  }

  /**
   * Removes an agent (it left, or it was lost): its placed and running attempts are recorded as
   * {@code LOST_WORKER} and their tasks placed again elsewhere ({@code REQUEUED} events, no retry
   * used); late reports of those attempts are fenced off. Completes with how many were requeued.
   */
  public CompletableFuture<Integer> removeAgent(String agentId, String reason) {
    agents.removeIf(a -> a.id().equals(agentId));
    synchronized (capacityModel) {
      capacityModel.removeAgent(agentId);
    }
    CompletableFuture<Integer> f = new CompletableFuture<>();
    loop.post(() -> f.complete(loop.agentRemoved(agentId, "agent " + agentId + " " + reason)));
    return f;
  }

  /**
   * Reports of one remote agent, handled in order as one scheduler input; a report is stale unless
   * its attempt is the task's current one and placed on {@code agentId}. The future completes once
   * the events they caused are handed to the store (call {@link StateStore#flush} to wait until
   * they are durable, e.g. before acknowledging the message that carried them).
   */
  public CompletableFuture<Void> report(String agentId, List<AttemptReport> reports) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    loop.post(() -> {
      loop.attempts.remoteReports(agentId, reports);
      loop.afterFlush(f);
    });
    return f;
  }

  /**
   * Gives up one placed or running attempt (its agent does not run it, e.g. after a coordinator
   * failover): recorded as {@code LOST_WORKER} and the task placed again. Nothing happens when the
   * attempt is no longer current. Completes with whether it was given up.
   */
  public CompletableFuture<Boolean> attemptLost(String taskId, int attempt, String reason) {
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    TaskRun run = runs.get(taskId);
    if (run == null) {
      f.complete(false);
      return f;
    }
    loop.post(() -> {
      boolean current = run.attempt == attempt && run.context != null
          && (run.state == TaskState.PLACED || run.state == TaskState.RUNNING);
      if (current) {
        loop.resources.release(run.allocation);
        loop.attempts.lost(run, reason);
      }
      f.complete(current);
    });
    return f;
  }

  /** Reports ignored because their attempt was no longer current (fenced off) or repeated. */
  public long staleReports() {
    return loop.attempts.staleReports();
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

  /**
   * Makes durable every event that has happened so far: waits until the scheduler has handed its
   * current round's events to the store, then flushes the store. For readers of the store that must
   * show at least what the engine has already shown: a task's state (as {@link #task} reads it)
   * changes before its event reaches the store at the end of the round.
   */
  public void persist() {
    if (!closed) {
      CompletableFuture<Void> handed = new CompletableFuture<>();
      loop.post(() -> loop.afterFlush(handed));
      try {
        handed.get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // stopped meanwhile: what it handed over is flushed below
      }
    }
    store.flush();
  }

  // ---- for monitors ---------------------------------------------------------------------------

  /** The store this engine writes to (monitors keep their per-task summaries there). */
  public StateStore store() {
    return store;
  }

  /**
   * Attempts running now on this engine's own workers (not those dispatched to remote agents),
   * with their process or thread, for samplers. Safe from any thread; does not touch the
   * scheduler loop.
   */
  public List<RunningAttempt> running() {
    List<RunningAttempt> out = new ArrayList<>();
    for (TaskRun run : runs.values()) {
      if (run.state != TaskState.RUNNING) continue;
      AttemptContext ctx = run.context;
      if (ctx == null || ctx.placement != null) continue;
      Thread worker = ctx.worker();
      out.add(new RunningAttempt(run.id(), run.task.type(), ctx.attempt(), run.requirements(), run.startedAt,
          ctx.allocation().agentId(), ctx.process(), worker == null ? -1 : worker.threadId()));
    }
    return out;
  }

  /**
   * Stops a running attempt as failed with {@code kind} (a monitor's RESOURCE_EXCEEDED, say): its
   * process tree is killed or its handler interrupted, and the task's recovery strategy decides
   * what follows. {@code retryWith} is what a retry asks for instead (more memory), or null.
   * Nothing happens when the attempt is no longer the task's running one.
   *
   * @return false when no such task is known
   */
  public boolean kill(String taskId, int attempt, io.taskexec.error.FailureKind kind, String reason,
      io.taskexec.task.Requirements retryWith) {
    TaskRun run = runs.get(taskId);
    if (run == null) return false;
    loop.post(() -> {
      AttemptContext ctx = run.context;
      if (ctx != null && run.attempt == attempt && run.state == TaskState.RUNNING) ctx.stopAs(kind, reason, retryWith);
    });
    return true;
  }
}
