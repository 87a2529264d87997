package io.taskexec.event;

/** What happened to a task. Each state change is one event; progress and samples are events too. */
public enum EventType {
  SUBMITTED,
  READY,
  PLACED,
  STARTED,
  /** The attempt's process started; {@code data.pid} and {@code data.pid_start} identify it. */
  LAUNCHED,
  PROGRESS,
  SAMPLE,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  RETRYING,
  CANCELLED,
  UPSTREAM_FAILED,
  DEADLINE_MISSED,
  SKIPPED,
  /** A placement undone (agent lost, preempted); the task is ready again. */
  REQUEUED,
  /** The engine could not recover a failure by itself; a person should look. */
  ESCALATED;
}
