/**
 * Reading what users write into the core model, with the line and column of every field: task
 * files ({@link io.taskexec.ingest.TaskFileReader}, YAML or JSON, from a file or from text sent
 * to the API or over AMQP), the configuration file ({@link io.taskexec.ingest.ConfigReader}, the
 * specification's {@code task_execution:} tree) and single tasks as JSON
 * ({@link io.taskexec.ingest.TaskJson}).
 *
 * <p>Every problem of an input is collected before anything fails, each with
 * {@code file:line:column}, the field path, what is wrong and what to do; the parser's problems
 * and the {@link io.taskexec.validate.TaskValidator}'s are merged so that each mistake is reported
 * once. Parsing uses Jackson's streaming parser into a small located tree ({@code Node}); typed
 * readers ({@code Fields}) turn it into records.
 */
package io.taskexec.ingest;
