/**
 * The task model of the specification: {@link io.taskexec.task.Task} with its requirements,
 * dependencies, deadline and retry policy, and the {@link io.taskexec.task.TaskState} lifecycle
 * with its one transition table. Values only; no behaviour that needs I/O.
 */
package io.taskexec.task;
