/**
 * The taskexec server process: builds an engine from the configuration (its store from
 * {@code engine.state_manager}) and serves the HTTP API and the dashboard
 * ({@link io.taskexec.server.http}). {@link io.taskexec.server.TaskexecServer} is the entry point.
 */
package io.taskexec.server;
