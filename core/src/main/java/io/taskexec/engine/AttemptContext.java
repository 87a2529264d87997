package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.Allocation;
import io.taskexec.task.Task;
import io.taskexec.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The context of one attempt: cancellation, progress and logs. Thread-safe.
 *
 * <p>It is also the attempt's job on a worker ({@link #run}) and the report the worker posts to
 * the scheduler loop when the attempt starts and when it ends ({@link Attempts#report}), so that an
 * attempt costs no further objects on its way. A worker that ends the attempt before the loop has
 * taken its start report folds the end into that report (one input instead of two); the loop
 * then handles the start before the end, as if they had come one after the other.
 */
final class AttemptContext implements ExecutionContext, Runnable {
  // Report states, written by the worker (and one CAS by the loop).
  static final int NEW = 0;
  /** The start is posted; the loop has not taken it. */
  static final int START_POSTED = 1;
  /** The attempt ended before the loop took its start report: that report carries both. */
  static final int ENDED_WITH_START = 2;
  /** The loop took the start report alone; the end comes in a report of its own. */
  static final int START_TAKEN = 3;
  /** The attempt ended without starting (cancelled first). */
  static final int ENDED_UNSTARTED = 4;
  private static final VarHandle REPORT;

  static {
    try {
      REPORT = MethodHandles.lookup().findVarHandle(AttemptContext.class, "report", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final TaskRun run;
  private final int attempt;
  private final Allocation allocation;
  private final Path logRoot;
  private Path logDirectory;
  private final Clock clock;
  private final SchedulerLoop loop;
  private final TaskExecutor executor;
  private List<Runnable> hooks;
  private volatile FailureKind cancelReason;
  private Thread worker;
  private boolean logDirectoryMade;
  @SuppressWarnings("unused") // through REPORT
  private volatile int report;
  /** Set when the attempt runs on a remote agent: what was handed to the dispatcher. */
  Placement placement;
  /** Written by the worker before the report that carries them. */
  Instant startedAt;
  AttemptResult result;
  Instant endedAt;

  AttemptContext(TaskRun run, int attempt, Allocation allocation, Path logRoot, Clock clock, SchedulerLoop loop,
      TaskExecutor executor) {
    this.run = run;
    this.attempt = attempt;
    this.allocation = allocation;
    this.logRoot = logRoot;
    this.clock = clock;
    this.loop = loop;
    this.executor = executor;
  }

  /** On a worker thread: runs the attempt and reports its start and end to the loop. */
  @Override
  public void run() {
    AttemptResult r;
    boolean started = false;
    bind(Thread.currentThread());
    try {
      if (isCancelled()) {
        r = AttemptResult.failure(FailureKind.CANCELLED, "cancelled before it started");
      } else {
        startedAt = clock.now();
        started = true;
        REPORT.setRelease(this, START_POSTED);
        loop.post(this);
        r = executor.execute(this);
      }
    } catch (InterruptedException e) {
      r = AttemptResult.failure(FailureKind.CANCELLED, "interrupted");
    } catch (Throwable t) {
      r = new AttemptResult.Failure(FailureKind.HANDLER_EXCEPTION,
          t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), null, t.getClass().getName());
    } finally {
      bind(null);
      Thread.interrupted();
    }
    result = r;
    endedAt = clock.now();
    if (!started) {
      REPORT.setRelease(this, ENDED_UNSTARTED);
      loop.post(this);
    } else if (!REPORT.compareAndSet(this, START_POSTED, ENDED_WITH_START)) {
      loop.post(this); // the loop took the start already (state START_TAKEN)
    }
  }

  /** On the loop: the state of the report being handled; takes a start report that carries no end. */
  int takeReport() {
    int s = (int) REPORT.getAcquire(this);
    if (s == START_POSTED && REPORT.compareAndSet(this, START_POSTED, START_TAKEN)) {
      return START_POSTED;
    }
    return s == START_POSTED ? (int) REPORT.getAcquire(this) : s;
  }

  @Override
  public Task task() {
    return run.task;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Allocation allocation() {
    return allocation;
  }

  /** Made on first use, so that tasks which write no logs cost no directory. */
  @Override
  public synchronized Path logDirectory() {
    if (!logDirectoryMade) {
      try {
        logDirectory = path();
        Files.createDirectories(logDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create log directory " + logDirectory, e);
      }
      logDirectoryMade = true;
    }
    return logDirectory;
  }

  private synchronized Path path() {
    if (logDirectory == null) logDirectory = logRoot.resolve(Attempts.safe(run.task.id()));
    return logDirectory;
  }

  /** Where a remote agent kept the attempt's logs (a path on that agent's machine). */
  synchronized void remoteLogDirectory(String dir) {
    if (dir == null) return;
    logDirectory = Path.of(dir);
    logDirectoryMade = true;
  }

  synchronized Path logDirectoryIfMade() {
    return logDirectoryMade ? logDirectory : null;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void progress(double fraction, String message) {
    loop.progress(run, attempt, Math.max(0, Math.min(1, fraction)), message);
  }

  @Override
  public void metric(String name, double value) {
    loop.metric(run, attempt, name, value);
  }

  /** Written by the worker before its attempt ends, read by the scheduler after (the end report orders them). */
  private double measuredCpuSeconds = -1;
  private long measuredAllocatedBytes = -1;

  @Override
  public void measured(double cpuSeconds, long allocatedBytes) {
    measuredCpuSeconds = cpuSeconds;
    measuredAllocatedBytes = allocatedBytes;
  }

  /** Adds what {@link #measured} reported to an end event's data ({@code data} is mutable). */
  void addMeasured(Map<String, Object> data) {
    if (measuredCpuSeconds >= 0) data.put("cpu_seconds", measuredCpuSeconds);
    if (measuredAllocatedBytes >= 0) data.put("allocated_bytes", measuredAllocatedBytes);
  }

  boolean hasMeasured() {
    return measuredCpuSeconds >= 0;
  }

  @Override
  public void launched(ProcessHandle process) {
    this.process = process;
    long start = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    loop.post(() -> {
      if (run.context == this) loop.events.note(run, io.taskexec.event.EventType.LAUNCHED, null, null,
          Map.of("pid", process.pid(), "pid_start", start));
    });
  }

  @Override
  public boolean isCancelled() {
    return cancelReason != null;
  }

  FailureKind cancelReason() {
    return cancelReason;
  }

  @Override
  public void onCancel(Runnable hook) {
    boolean runNow;
    synchronized (this) {
      runNow = cancelReason != null;
      if (!runNow) {
        if (hooks == null) hooks = new ArrayList<>(1);
        hooks.add(hook);
      }
    }
    if (runNow) hook.run();
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TASKEXEC_TASK_ID", run.task.id());
    env.put("TASKEXEC_ATTEMPT", Integer.toString(attempt));
    env.put("TASKEXEC_LOG_DIR", path().toString());
    env.put("CUDA_VISIBLE_DEVICES", allocation.cudaVisibleDevices());
    return env;
  }

  /** Cancels the attempt (the first reason wins): runs the hooks and interrupts the worker. */
  void cancel(FailureKind reason) {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelReason != null) return;
      cancelReason = reason;
      toRun = hooks == null ? List.of() : List.copyOf(hooks);
      hooks = null;
      if (worker != null) worker.interrupt();
    }
    for (Runnable h : toRun) {
      try {
        h.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(AttemptContext.class).warn("cancel hook of {} failed", run.id(), e);
      }
    }
  }

  /** Binds the attempt to the worker thread that runs it (null to unbind). */
  synchronized void bind(Thread thread) {
    this.worker = thread;
  }

  // ---- for monitors (see TaskExecutionEngine#running and #kill) ------------------------------

  /** The process this attempt launched (shell), or null. Set by {@link #launched}. */
  private volatile ProcessHandle process;
  /** Why a monitor stopped the attempt, and what a retry should ask for; null unless stopped. */
  private volatile String stopMessage;
  private volatile io.taskexec.task.Requirements retryWith;

  ProcessHandle process() {
    return process;
  }

  /** The thread running the attempt now, or null. */
  synchronized Thread worker() {
    return worker;
  }

  /**
   * Stops the attempt as failed with {@code kind} (RESOURCE_EXCEEDED...), with the message to record
   * and the requirements a retry asks for (null: unchanged). Does nothing if it was already cancelled.
   */
  void stopAs(FailureKind kind, String message, io.taskexec.task.Requirements retry) {
    synchronized (this) {
      if (cancelReason != null) return;
      stopMessage = message;
      retryWith = retry;
    }
    cancel(kind);
  }

  String stopMessage() {
    return stopMessage;
  }

  io.taskexec.task.Requirements retryWith() {
    return retryWith;
  }
}
