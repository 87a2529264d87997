/**
 * The embedded engine: {@link io.taskexec.engine.TaskExecutionEngine} and its scheduler loop, the
 * one writer of scheduling state, fed by a queue; the worker pool; attempts, retries, timeouts,
 * deadlines and cancellation.
 */
package io.taskexec.engine;
