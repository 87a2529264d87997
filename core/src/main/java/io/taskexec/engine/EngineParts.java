package io.taskexec.engine;

import io.taskexec.config.EngineConfig;
import io.taskexec.error.ErrorManager;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.ResourceManager;
import io.taskexec.time.Clock;
import java.nio.file.Path;
import java.util.Map;

/** What the scheduler loop is built from; assembled by the engine's builder. {@code remote} is null unless in cluster mode. */
record EngineParts(
    EngineConfig config,
    Clock clock,
    ResourceManager resources,
    ErrorManager errors,
    Events events,
    WorkerPool pool,
    Map<String, TaskExecutor> executors,
    Map<String, TaskRun> runs,
    Path logRoot,
    AttemptDispatcher remote) {}
