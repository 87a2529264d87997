package io.taskexec.ingest;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.task.Task;
import io.taskexec.validate.SourceMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task file that was read and validated without a problem.
 *
 * @param source the file name (or "&lt;api&gt;", "&lt;amqp&gt;") used in locations
 * @param tasks the tasks, in file order; ids that were left out are generated
 * @param resources the named counted resources declared under {@code resources:}, name to units
 * @param config the inline {@code config:} / {@code task_execution:} section, when there is one
 * @param sourceMap where each field was written, for problems found later (e.g. at submission)
 */
public record TaskFile(String source, List<Task> tasks, Map<String, Integer> resources,
    Optional<TaskExecutionConfig> config, SourceMap sourceMap) {
  public TaskFile {
    tasks = List.copyOf(tasks);
    resources = Map.copyOf(resources);
  }
}
