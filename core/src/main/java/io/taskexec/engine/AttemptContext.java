package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.place.Allocation;
import io.taskexec.task.Task;
import io.taskexec.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The context of one attempt: cancellation, progress and logs. Thread-safe. */
final class AttemptContext implements ExecutionContext {
  private final TaskRun run;
  private final int attempt;
  private final Allocation allocation;
  private final Path logRoot;
  private Path logDirectory;
  private final Clock clock;
  private final SchedulerLoop loop;
  private final List<Runnable> hooks = new ArrayList<>(0);
  private volatile FailureKind cancelReason;
  private Thread worker;
  private boolean logDirectoryMade;

  AttemptContext(TaskRun run, int attempt, Allocation allocation, Path logRoot, Clock clock, SchedulerLoop loop) {
    this.run = run;
    this.attempt = attempt;
    this.allocation = allocation;
    this.logRoot = logRoot;
    this.clock = clock;
    this.loop = loop;
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

  @Override
  public void launched(ProcessHandle process) {
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
      if (!runNow) hooks.add(hook);
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
      toRun = List.copyOf(hooks);
      hooks.clear();
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
}
