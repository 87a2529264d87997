package io.taskexec.error;

/**
 * One failed attempt as the error manager saw it, with its decision.
 *
 * @param advice what a person should do about it, when it is escalated
 */
public record FailureReport(
    String taskId, String taskType, int attempt, FailureKind kind, String message,
    Decision decision, String advice) {}
