package io.taskexec.execute;

/**
 * The Java SPI for work that runs inside the JVM: register an implementation by type
 * programmatically ({@code TaskExecutionEngine.builder().handler(...)}) or through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.taskexec.execute.TaskHandler}).
 *
 * <p>Called from many threads at once. Return normally for success (the returned map, which may be
 * null, becomes the attempt's output); throw for failure (recorded with the exception's class and
 * message; retried as the task's retry policy says). Check {@link ExecutionContext#isCancelled()}
 * or respond to interruption in long loops.
 */
public interface TaskHandler {
  String type();

  java.util.Map<String, Object> handle(ExecutionContext ctx) throws Exception;
}
