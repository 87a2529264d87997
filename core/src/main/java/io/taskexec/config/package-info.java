/**
 * The configuration model: the specification's {@code task_execution} tree as records with their
 * defaults. Reading YAML into it is the {@code ingest} module's job.
 */
package io.taskexec.config;
