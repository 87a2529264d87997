package io.taskexec.bench;

import io.taskexec.broker.AgentMain;
import io.taskexec.broker.ClusterCoordinator;
import io.taskexec.config.ClusterConfig;
import io.taskexec.config.EngineConfig;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * (k) Cluster mode end to end on loopback: one coordinator (this JVM, PostgreSQL store, RabbitMQ)
 * and two agent processes, beside the embedded engine on the same PostgreSQL in the same run.
 * Throughput: a burst of no-op tasks submitted at once, from the first submission to the last end,
 * after a warm-up of 20,000 tasks whose status messages are all published first.
 * Placement latency: tasks submitted at a steady rate well below capacity, from READY (the
 * coordinator's clock) to STARTED (the agent's clock; same machine). Its own schema and virtual
 * host, removed afterwards.
 */
final class ClusterGroup {
  private ClusterGroup() {}

  record Result(double tasksPerS, double p50Ms, double p99Ms, long succeeded) {}

  static void run(Settings s, Report report, Consumer<String> log) throws Exception {
    int burst = s.name().equals("full") ? 200_000 : 50_000;
    int rate = 2_000;
    int paced = rate * 3;
    log.accept(String.format("[k] cluster: %,d no-op tasks at once, then %,d at %,d/s; coordinator + 2 agent processes vs"
        + " the embedded engine, both on PostgreSQL", burst, paced, rate));
    Result embedded = measure(false, burst, paced, rate, log);
    Result cluster = measure(true, burst, paced, rate, log);
    report.add(Figure.of("k.cluster_tasks_per_s", String.format("k. cluster, %,d no-op tasks, 2 agents", burst),
        cluster.tasksPerS(), "tasks/s", "embedded engine", embedded.tasksPerS(), Goal.valueAtLeast(20_000, "tasks/s")));
    report.add(Figure.of("k.placement_p99_ms", String.format("k. cluster placement latency p99 at %,d tasks/s", rate),
        cluster.p99Ms(), "ms", "embedded engine", embedded.p99Ms(), Goal.valueAtMost(20, "ms")));
    report.add(Figure.beside("k.placement_p50_ms", String.format("k. cluster placement latency p50 at %,d tasks/s", rate),
        cluster.p50Ms(), "ms", "embedded engine", embedded.p50Ms()));
  }

  static Result measure(boolean clustered, int burst, int paced, int rate, Consumer<String> log) throws Exception {
    String name = "bench_k_" + Long.toHexString(System.nanoTime());
    String vhost = "taskexec-bench-" + name;
    String url = PgDatabase.DEFAULT_URL + "&currentSchema=" + name;
    Path dir = Files.createTempDirectory("taskexec-bench-k");
    List<Process> agents = new ArrayList<>();
    Map<String, Instant> ready = new ConcurrentHashMap<>();
    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    Histogram toPlaced = new Histogram(TimeUnit.SECONDS.toMicros(60), 3); // READY to PLACED: the coordinator's part
    boolean[] measuring = {false};
    if (clustered) rabbitmqctl("add_vhost", vhost);
    try {
      if (clustered) rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
      EngineConfig d = EngineConfig.DEFAULT;
      EngineConfig ec = new EngineConfig(new WorkerPoolConfig(2, 8, 2.0, Duration.ofSeconds(10)), d.resourceManager(),
          new StateManagerConfig("postgresql", Duration.ofMillis(200), dir.toString(), url), d.errorHandling(), d.deadlinePolicy());
      ClusterConfig cc = new ClusterConfig(true, "amqp://guest:guest@127.0.0.1:5672/" + vhost, Duration.ofSeconds(1),
          Duration.ofSeconds(10), Duration.ofSeconds(15), "bench", null, Map.of());
      TaskExecutionConfig cfg = TaskExecutionConfig.DEFAULT.withEngine(ec).withCluster(cc);
      var builder = TaskExecutionEngine.builder().dataDirectory(dir).listener(events -> {
        for (TaskEvent e : events) {
          if (e.type() == EventType.READY && measuring[0]) ready.put(e.taskId(), e.at());
          else if (e.type() == EventType.PLACED && measuring[0]) {
            Instant r = ready.get(e.taskId());
            if (r != null) toPlaced.recordValue(Math.max(0, Duration.between(r, e.at()).toNanos() / 1000));
          } else if (e.type() == EventType.STARTED) {
            Instant r = ready.remove(e.taskId());
            if (r != null) latency.recordValue(Math.max(0, Duration.between(r, e.at()).toNanos() / 1000));
          }
        }
      });
      ClusterCoordinator coordinator = null;
      PostgresStateStore store;
      TaskExecutionEngine engine;
      if (clustered) {
        List<PostgresStateStore> opened = new ArrayList<>();
        coordinator = ClusterCoordinator.lead(cfg, builder, () -> {
          PostgresStateStore st = new PostgresStateStore(url, name, StoreOptions.DEFAULT.withSyncInterval(ec.stateManager().syncInterval()));
          opened.add(st);
          return st;
        });
        store = opened.get(0);
        engine = coordinator.engine();
        for (String a : List.of("k1", "k2")) agents.add(agent(dir, a, url, cc.withAgentId(a)));
        ClusterCoordinator c = coordinator;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (c.agents().size() < 2 && System.nanoTime() < until) Thread.sleep(20);
        if (c.agents().size() < 2) throw new IllegalStateException("the agents did not join; see " + dir);
      } else {
        store = new PostgresStateStore(url, name, StoreOptions.DEFAULT.withSyncInterval(ec.stateManager().syncInterval()));
        engine = builder.config(cfg.withCluster(ClusterConfig.DEFAULT)).store(store)
            .agent(AgentSpec.of("local", 100_000, 100_000, 100_000, 0)).build();
      }
      try {
        // warm-up: long enough for the agents' JIT too (they start cold, the coordinator's engine
        // does not), and then the status messages it left are published before the burst
        run(engine, tasks("w", 20_000));
        settle(store, coordinator);
        long t0 = System.nanoTime();
        run(engine, tasks("b", burst));
        double secs = (System.nanoTime() - t0) / 1e9;
        double tps = burst / secs;
        // let the burst's tail settle (events written, status messages relayed) before measuring latency
        settle(store, coordinator);
        measuring[0] = true;
        List<Task> p = tasks("p", paced);
        long start = System.nanoTime();
        int batch = Math.max(1, rate / 100);
        for (int i = 0; i < paced; i += batch) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
          engine.submitAll(p.subList(i, Math.min(paced, i + batch)));
        }
        engine.whenIdle().get(120, TimeUnit.SECONDS);
        long ok = engine.counts().get(TaskState.SUCCEEDED);
        Result r = new Result(tps, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, ok);
        log.accept(String.format("[k] %s: %,.0f tasks/s (%,d in %.2f s); placement latency p50 %.2f ms, p99 %.2f ms (%,d samples;"
            + " READY to PLACED p50 %.2f ms, p99 %.2f ms)%s",
            clustered ? "cluster" : "embedded", tps, burst, secs, r.p50Ms(), r.p99Ms(), latency.getTotalCount(),
            toPlaced.getValueAtPercentile(50) / 1000.0, toPlaced.getValueAtPercentile(99) / 1000.0,
            clustered ? String.format("; %,d state changes in %,d status messages", coordinator.statusMessagesPublished(),
                coordinator.statusMessagesSent()) : ""));
        return r;
      } finally {
        if (coordinator != null) coordinator.close();
        else engine.close();
        store.close();
      }
    } finally {
      for (Process a : agents) {
        a.destroy();
        if (!a.waitFor(10, TimeUnit.SECONDS)) a.destroyForcibly();
      }
      if (clustered) rabbitmqctl("delete_vhost", vhost);
      try (Connection c = DriverManager.getConnection(PgDatabase.DEFAULT_URL); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        st.execute("DROP SCHEMA IF EXISTS " + name + "_lease CASCADE");
      }
    }
  }

  /** Waits until the store has written everything and the outbox relay has nothing more to publish. */
  private static void settle(PostgresStateStore store, ClusterCoordinator coordinator) throws InterruptedException {
    store.flush();
    if (coordinator == null) return;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    int idleLooks = 0;
    while (idleLooks < 2 && System.nanoTime() < deadline) { // idle twice in a row: the last write's rows were seen too
      idleLooks = coordinator.statusRelayIdle() ? idleLooks + 1 : 0;
      Thread.sleep(100);
    }
  }

  private static void run(TaskExecutionEngine engine, List<Task> tasks) throws Exception {
    for (int i = 0; i < tasks.size(); i += 10_000) engine.submitAll(tasks.subList(i, Math.min(tasks.size(), i + 10_000)));
    engine.whenIdle().get(300, TimeUnit.SECONDS);
  }

  private static List<Task> tasks(String prefix, int n) {
    List<Task> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(Task.builder(prefix + "-" + i, "noop").cpu(1).memoryGb(0.01).storageGb(0.01).build());
    return out;
  }

  private static Process agent(Path dir, String id, String url, ClusterConfig cc) throws Exception {
    String yaml = """
        task_execution:
          engine:
            worker_pool: {min_workers: 4, max_workers: 8}
            resource_manager:
              local_agent: {cpu_cores: 100000, memory_gb: 100000, storage_gb: 100000}
          cluster:
            amqp_uri: "%s"
            heartbeat_interval: 1s
            heartbeat_timeout: 10s
            agent_id: %s
        """.formatted(cc.amqpUri(), id);
    Path cfg = dir.resolve("agent-" + id + ".yaml");
    Files.writeString(cfg, yaml);
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(), cfg.toString(), dir.resolve("data-" + id).toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + id + ".log").toFile()).start();
  }

  private static void rabbitmqctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
  }
}
