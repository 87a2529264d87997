package io.taskexec.engine;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.error.ErrorHandler;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventListener;
import io.taskexec.execute.HandlerExecutor;
import io.taskexec.execute.NoopExecutor;
import io.taskexec.execute.ShellExecutor;
import io.taskexec.execute.SleepExecutor;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.execute.TaskHandler;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.store.StateStore;
import io.taskexec.time.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Builds a {@link TaskExecutionEngine}. Defaults: the specification's configuration, the system
 * clock, an in-memory store, one local agent detected from this machine, the built-in types
 * {@code shell}, {@code noop}, {@code sleep}, and every {@link TaskHandler} found by
 * {@link ServiceLoader}.
 */
public final class EngineBuilder {
  TaskExecutionConfig config = TaskExecutionConfig.DEFAULT;
  Clock clock = Clock.system();
  StateStore store;
  final Map<String, TaskExecutor> executors = new LinkedHashMap<>();
  final List<AgentSpec> agents = new ArrayList<>();
  final List<EventListener> listeners = new ArrayList<>();
  final Map<FailureKind, List<ErrorHandler>> errorHandlers = new EnumMap<>(FailureKind.class);
  Path dataDirectory;
  DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
  private boolean serviceLoader = true;
  AttemptDispatcher remote;

  EngineBuilder() {
    for (TaskExecutor e : List.of(new ShellExecutor(), new NoopExecutor(), new SleepExecutor())) executors.put(e.type(), e);
  }

  public EngineBuilder config(TaskExecutionConfig c) { this.config = c; return this; }
  public EngineBuilder clock(Clock c) { this.clock = c; return this; }
  public EngineBuilder store(StateStore s) { this.store = s; return this; }
  public EngineBuilder dataDirectory(Path p) { this.dataDirectory = p; return this; }
  public EngineBuilder random(DoubleSupplier r) { this.random = r; return this; }
  /** Adds an agent; without any, one local agent is detected from this machine. */
  public EngineBuilder agent(AgentSpec a) { agents.add(a); return this; }
  public EngineBuilder executor(TaskExecutor e) { executors.put(e.type(), e); return this; }
  public EngineBuilder handler(TaskHandler h) { return executor(new HandlerExecutor(h)); }
  public EngineBuilder listener(EventListener l) { listeners.add(l); return this; }
  public EngineBuilder onError(FailureKind kind, ErrorHandler h) { errorHandlers.computeIfAbsent(kind, k -> new ArrayList<>()).add(h); return this; }
  /** Whether to register the {@link TaskHandler}s found by {@link ServiceLoader} (default true). */
  public EngineBuilder serviceLoader(boolean on) { this.serviceLoader = on; return this; }
  /**
   * Cluster mode: agents come and go at runtime ({@link TaskExecutionEngine#addAgent}), attempts
   * placed on them are handed to {@code dispatcher}, and no local agent is detected. A task that
   * no agent present can hold waits for one instead of failing.
   */
  public EngineBuilder remoteAgents(AttemptDispatcher dispatcher) { this.remote = dispatcher; return this; }

  public TaskExecutionEngine build() {
    if (dataDirectory == null) dataDirectory = Path.of(config.engine().stateManager().dataDirectory());
    if (store == null) store = new InMemoryStateStore();
    if (serviceLoader) {
      for (TaskHandler h : ServiceLoader.load(TaskHandler.class)) executors.putIfAbsent(h.type(), new HandlerExecutor(h));
    }
    if (agents.isEmpty() && remote == null) agents.add(LocalAgent.detect("local", config.engine().resourceManager().localAgent(), dataDirectory));
    return new TaskExecutionEngine(this);
  }
}
