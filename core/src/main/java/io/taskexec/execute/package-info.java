/**
 * Execution: the {@link io.taskexec.execute.TaskExecutor} SPI, the Java
 * {@link io.taskexec.execute.TaskHandler} SPI, and the built-in types {@code shell}, {@code noop}
 * and {@code sleep}.
 */
package io.taskexec.execute;
