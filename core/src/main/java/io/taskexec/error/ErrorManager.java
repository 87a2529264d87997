package io.taskexec.error;

import io.taskexec.config.ErrorHandlingConfig;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies failed attempts, applies the recovery strategy of the task's type, and escalates what
 * it cannot recover: a failure that is not recoverable for the type, or a retry budget spent.
 *
 * <p>Not thread-safe: used by the scheduler loop. Handlers are registered before the engine starts.
 */
public final class ErrorManager {
  private static final Logger log = LoggerFactory.getLogger(ErrorManager.class);

  private final ErrorHandlingConfig config;
  private final DoubleSupplier random;
  private final Map<FailureKind, List<ErrorHandler>> handlers = new EnumMap<>(FailureKind.class);

  /** @param random numbers in [0, 1) for retry jitter; injected so tests are repeatable */
  public ErrorManager(ErrorHandlingConfig config, DoubleSupplier random) {
    this.config = config;
    this.random = random;
  }

  /** Adds a handler told about every failure of {@code kind}. */
  public void register(FailureKind kind, ErrorHandler handler) {
    handlers.computeIfAbsent(kind, k -> new ArrayList<>()).add(handler);
  }

  /** Decides what happens after attempt {@code attempt} of {@code task} failed with {@code kind}. */
  public FailureReport decide(Task task, int attempt, FailureKind kind, String message) {
    Decision decision = decision(task, attempt, kind);
    String advice = decision instanceof Decision.GiveUp g && g.escalate() ? advice(task, attempt, kind) : "";
    FailureReport report = new FailureReport(task.id(), task.type(), attempt, kind, message, decision, advice);
    if (!advice.isEmpty()) {
      log.warn("task {} ({}) gave up after attempt {}: {}: {}. {}", task.id(), task.type(), attempt,
          kind.name().toLowerCase(java.util.Locale.ROOT), message, advice);
    }
    for (ErrorHandler h : handlers.getOrDefault(kind, List.of())) {
      try {
        h.onFailure(report);
      } catch (RuntimeException e) {
        log.error("error handler for {} threw; ignoring it", kind, e);
      }
    }
    return report;
  }

  private Decision decision(Task task, int attempt, FailureKind kind) {
    if (kind == FailureKind.CANCELLED) return new Decision.GiveUp(TaskState.CANCELLED, false, false);
    RecoveryStrategy strategy = config.forType(task.type());
    TaskState terminal = kind == FailureKind.TIMEOUT ? TaskState.TIMED_OUT : TaskState.FAILED;
    boolean recoverable = strategy.recoverable().contains(kind);
    switch (strategy.action()) {
      case FAIL -> { return new Decision.GiveUp(terminal, false, true); }
      case SKIP_DEPENDENTS -> { return new Decision.GiveUp(terminal, true, true); }
      case RETRY -> {
        RetryPolicy policy = task.retry().maxAttempts() > 1 ? task.retry() : strategy.retry();
        if (recoverable && attempt < policy.maxAttempts()) {
          return new Decision.Retry(policy.backoffBefore(attempt + 1, random.getAsDouble()), attempt + 1);
        }
        return new Decision.GiveUp(terminal, false, true);
      }
    }
    throw new IllegalStateException("unknown action " + strategy.action());
  }

  private static String advice(Task task, int attempt, FailureKind kind) {
    return switch (kind) {
      case NONZERO_EXIT -> "Read the attempt's stderr log, fix the command, or raise retry.max_attempts if the failure is transient.";
      case TIMEOUT -> "Raise the task's timeout or make the work smaller.";
      case HANDLER_EXCEPTION -> "See the exception in the attempt record; fix the handler or its input.";
      case LOST_WORKER -> "The worker running it died; check the agent's logs and capacity.";
      case NO_CAPACITY -> "Lower the task's requirements or add an agent large enough to hold it.";
      case LAUNCH_FAILED -> "Check that the command exists on the agent's PATH and the working_dir exists.";
      case INVALID_SPEC -> "Fix the task spec; `taskexec validate FILE` lists every problem.";
      case CANCELLED -> "";
      case PREEMPTED -> "It was stopped to make room for a task of higher priority; it runs again when there is room.";
      case RESOURCE_EXCEEDED -> "It used more memory than it asked for; raise its memory_gb (see the recommended request in"
          + " the monitoring's usage report) or let it retry with more memory (monitoring.limits.memory_retry_factor).";
    } + (attempt > 1 ? " (" + attempt + " attempts made)" : "");
  }
}
