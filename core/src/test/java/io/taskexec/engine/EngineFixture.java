package io.taskexec.engine;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds engines for tests: one agent of known size, events recorded. */
final class EngineFixture {
  final List<TaskEvent> events = new CopyOnWriteArrayList<>();

  static TaskExecutionConfig config(int minWorkers, int maxWorkers, EngineConfig.DeadlinePolicy policy) {
    EngineConfig d = EngineConfig.DEFAULT;
    return TaskExecutionConfig.DEFAULT.withEngine(
        new EngineConfig(new WorkerPoolConfig(minWorkers, maxWorkers, 2.0, Duration.ofMillis(200)),
            d.resourceManager(), d.stateManager(), d.errorHandling(), policy));
  }

  EngineBuilder builder(Path dir, AgentSpec agent) {
    return TaskExecutionEngine.builder()
        .config(config(2, 16, EngineConfig.DeadlinePolicy.MISS))
        .agent(agent)
        .dataDirectory(dir)
        .store(new InMemoryStateStore())
        .listener(events::addAll);
  }

  List<TaskEvent> eventsOf(String taskId) {
    return events.stream().filter(e -> e.taskId().equals(taskId)).toList();
  }
}
