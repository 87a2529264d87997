package io.taskexec.execute;

import io.taskexec.place.Allocation;
import io.taskexec.task.Task;
import io.taskexec.time.Clock;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an executor knows about the attempt it runs, and how it talks back. Thread-safe; one
 * instance per attempt.
 */
public interface ExecutionContext {
  Task task();

  /** 1-based attempt number. */
  int attempt();

  /** The resources granted, including concrete GPU indices. */
  Allocation allocation();

  /** A directory for this attempt's logs, created before the executor runs. */
  Path logDirectory();

  Clock clock();

  /** Reports progress in [0, 1] with an optional message; cheap, may be called often. */
  void progress(double fraction, String message);

  /** Reports a task-level metric sample (rows processed, items/s...). */
  void metric(String name, double value);

  /**
   * Reports what the attempt's thread used, measured around a Java handler while a monitor
   * listens ({@code cpu_seconds}, {@code allocated_bytes}, negative when unknown). The engine's
   * own context carries them on the attempt's end event rather than as two samples of their
   * own: two events and two hand-offs to the scheduler per attempt, which the engine paid with
   * monitoring on. Others report them as samples.
   */
  default void measured(double cpuSeconds, long allocatedBytes) {
    metric("cpu_seconds", cpuSeconds);
    if (allocatedBytes >= 0) metric("allocated_bytes", allocatedBytes);
  }

  /** True once the attempt was cancelled or timed out; long-running handlers should check it. */
  boolean isCancelled();

  /**
   * Runs {@code hook} when the attempt is cancelled or times out (at once if it already was). Hooks
   * run on the canceller's thread and must not block; the shell executor kills its process tree
   * here.
   */
  void onCancel(Runnable hook);

  /**
   * Tells the engine the attempt's process started, so that a restarted engine can find and stop
   * it if this one dies. Cheap; called once per process.
   */
  default void launched(ProcessHandle process) {}

  /** Environment additions for processes of this attempt (CUDA_VISIBLE_DEVICES, TASKEXEC_*). */
  Map<String, String> environment();
}
