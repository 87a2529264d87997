package io.taskexec.cli;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ParsedTaskFile;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A task file as read for a command: its tasks, where each field was written, the configuration
 * that applies (with the file's {@code resources:} merged in), and the problems found while
 * reading (the validator's come later, from the engine that will run the tasks).
 *
 * @param displayName the file as the user named it, for messages (with the configuration file when
 *     that has problems too)
 */
record Input(Path file, String displayName, List<Task> tasks, SourceMap sources, TaskExecutionConfig config,
    ParsedTaskFile parsed, List<Problem> configProblems) {

  /** {@code engine.state_manager.data_dir} ({@code .taskexec}) beside the task file, or in the cwd. */
  Path defaultDataDirectory() {
    Path configured = Path.of(config.engine().stateManager().dataDirectory());
    if (configured.isAbsolute()) return configured;
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isWritable(dir)) return configured;
    return Inputs.relativeToCwd(dir.resolve(configured));
  }
}
