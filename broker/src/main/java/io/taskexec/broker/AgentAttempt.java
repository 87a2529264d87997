package io.taskexec.broker;

import io.taskexec.engine.AttemptReport;
import io.taskexec.engine.Placement;
import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.Allocation;
import io.taskexec.task.Task;
import io.taskexec.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt on an agent: the executor's context and the job a worker runs. It reports its start,
 * process, progress, samples and end to {@code reports}, which batches them for the coordinator.
 * Thread-safe.
 */
final class AgentAttempt implements ExecutionContext, Runnable {
  final Placement placement;
  private final TaskExecutor executor;
  private final Path logRoot;
  private final Clock clock;
  private final Consumer<AttemptReport> reports;
  private final String agentId;
  private final Runnable onEnd;
  private Path logDirectory;
  private boolean logDirectoryMade;
  private List<Runnable> hooks;
  private volatile FailureKind cancelReason;
  private Thread worker;

  AgentAttempt(Placement placement, TaskExecutor executor, Path logRoot, Clock clock, String agentId,
      Consumer<AttemptReport> reports, Runnable onEnd) {
    this.placement = placement;
    this.executor = executor;
    this.logRoot = logRoot;
    this.clock = clock;
    this.agentId = agentId;
    this.reports = reports;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    AttemptResult r;
    Instant started = null;
    synchronized (this) {
      worker = Thread.currentThread();
    }
    try {
      if (executor == null) {
        r = new AttemptResult.Failure(FailureKind.INVALID_SPEC, "this agent has no executor for task type '"
            + placement.task().type() + "'", null, null);
      } else if (isCancelled()) {
        r = AttemptResult.failure(cancelReason, "cancelled before it started");
      } else {
        started = clock.now();
        reports.accept(new AttemptReport.Started(placement.taskId(), placement.attempt(), started));
        r = executor.execute(this);
      }
    } catch (InterruptedException e) {
      r = AttemptResult.failure(FailureKind.CANCELLED, "interrupted");
    } catch (Throwable t) {
      r = new AttemptResult.Failure(FailureKind.HANDLER_EXCEPTION,
          t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), null, t.getClass().getName());
    } finally {
      synchronized (this) {
        worker = null;
      }
      Thread.interrupted();
    }
    FailureKind why = cancelReason;
    if (why != null && !(r instanceof AttemptResult.Failure f && f.kind() == why)) {
      r = AttemptResult.failure(why, why == FailureKind.TIMEOUT ? "timed out" : "cancelled");
    }
    Path logs = logDirectoryIfMade();
    reports.accept(new AttemptReport.Ended(placement.taskId(), placement.attempt(), started, clock.now(), r,
        logs == null ? null : logs.toString()));
    onEnd.run();
  }

  @Override
  public Task task() {
    return placement.task();
  }

  @Override
  public int attempt() {
    return placement.attempt();
  }

  @Override
  public Allocation allocation() {
    return placement.allocation();
  }

  @Override
  public synchronized Path logDirectory() {
    if (!logDirectoryMade) {
      logDirectory = logRoot.resolve(safe(placement.taskId()));
      try {
        Files.createDirectories(logDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create log directory " + logDirectory, e);
      }
      logDirectoryMade = true;
    }
    return logDirectory;
  }

  private synchronized Path logDirectoryIfMade() {
    return logDirectoryMade ? logDirectory : null;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void progress(double fraction, String message) {
    reports.accept(new AttemptReport.Progress(placement.taskId(), placement.attempt(), fraction, message));
  }

  @Override
  public void metric(String name, double value) {
    reports.accept(new AttemptReport.Sample(placement.taskId(), placement.attempt(), name, value));
  }

  @Override
  public void launched(ProcessHandle process) {
    long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    reports.accept(new AttemptReport.Launched(placement.taskId(), placement.attempt(), process.pid(), start));
  }

  @Override
  public boolean isCancelled() {
    return cancelReason != null;
  }

  @Override
  public void onCancel(Runnable hook) {
    boolean now;
    synchronized (this) {
      now = cancelReason != null;
      if (!now) {
        if (hooks == null) hooks = new ArrayList<>(1);
        hooks.add(hook);
      }
    }
    if (now) hook.run();
  }

  /** Stops the attempt (the first reason wins): runs the hooks (kill the process tree), interrupts. */
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
        org.slf4j.LoggerFactory.getLogger(AgentAttempt.class).warn("cancel hook of {} failed", placement.taskId(), e);
      }
    }
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TASKEXEC_TASK_ID", placement.taskId());
    env.put("TASKEXEC_ATTEMPT", Integer.toString(placement.attempt()));
    env.put("TASKEXEC_AGENT_ID", agentId);
    env.put("TASKEXEC_LOG_DIR", logRoot.resolve(safe(placement.taskId())).toString());
    env.put("CUDA_VISIBLE_DEVICES", placement.allocation().cudaVisibleDevices());
    return env;
  }

  static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }
}
