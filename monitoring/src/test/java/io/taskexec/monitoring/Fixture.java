package io.taskexec.monitoring;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.engine.EngineBuilder;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Engines for tests: one agent of known size, an in-memory store, events recorded. */
final class Fixture {
  final List<TaskEvent> events = new CopyOnWriteArrayList<>();
  final InMemoryStateStore store = new InMemoryStateStore();

  static TaskExecutionConfig config(MonitoringConfig monitoring) {
    EngineConfig d = EngineConfig.DEFAULT;
    return TaskExecutionConfig.DEFAULT.withEngine(
        new EngineConfig(new WorkerPoolConfig(2, 64, 2.0, Duration.ofMillis(200)),
            d.resourceManager(), d.stateManager(), d.errorHandling(), d.deadlinePolicy())).withMonitoring(monitoring);
  }

  /** Sampling every 200 ms, checks every hour (tests call them), everything else as configured by default. */
  static MonitoringConfig fast() {
    return new MonitoringConfig(Duration.ofMillis(200), 100, 1000, 0.8, Duration.ofHours(1), Duration.ofMinutes(5));
  }

  EngineBuilder builder(Path dir, MonitoringConfig monitoring) {
    return TaskExecutionEngine.builder()
        .config(config(monitoring))
        .agent(AgentSpec.of("local", 16, 32, 100, 0))
        .dataDirectory(dir)
        .store(store)
        .listener(events::addAll);
  }

  List<TaskEvent> eventsOf(String taskId) {
    return events.stream().filter(e -> e.taskId().equals(taskId)).toList();
  }

  static boolean hasPython() {
    try {
      return new ProcessBuilder("python3", "-c", "pass").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
