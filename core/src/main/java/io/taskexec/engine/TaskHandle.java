package io.taskexec.engine;

import java.util.concurrent.CompletableFuture;

/** A submitted task: its id and the future of its end. The future never completes exceptionally. */
public record TaskHandle(String id, CompletableFuture<TaskResult> result) {}
