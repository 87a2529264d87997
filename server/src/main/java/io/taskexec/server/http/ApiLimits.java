package io.taskexec.server.http;

/**
 * What one request may carry.
 *
 * @param maxBodyBytes the largest body, in bytes
 * @param maxBatchTasks the most tasks one request may submit
 */
public record ApiLimits(long maxBodyBytes, int maxBatchTasks) {}
