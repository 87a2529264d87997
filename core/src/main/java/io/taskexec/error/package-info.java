/**
 * Errors and recovery: failure kinds, per-type recovery strategies (retry with backoff and jitter,
 * fail, skip dependents), per-error handlers and escalation.
 */
package io.taskexec.error;
