package io.taskexec.broker;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of real parts for one test: its own PostgreSQL schema and RabbitMQ virtual host (both
 * removed afterwards), configuration files, agent and coordinator processes spawned on this test's
 * class path, and in-process coordinators. Heartbeats every 250 ms, an agent lost after 3 s, a
 * leader lease of 2 s.
 */
final class ClusterEnv implements AutoCloseable {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final Duration LEASE = Duration.ofSeconds(2);
  static final Duration LOST_AFTER = Duration.ofSeconds(3);

  final String name = "cl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String schema = name;
  final String vhost = "taskexec-it-" + name;
  final String jdbcUrl = PG + "&currentSchema=" + schema + "&ApplicationName=" + name;
  final String amqpUri = "amqp://guest:guest@127.0.0.1:5672/" + vhost;
  final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  ClusterEnv(Path dir) throws Exception {
    this.dir = dir;
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  /** A configuration file for a coordinator or an agent; {@code cpu} declares an agent's cores. */
  Path config(String file, String coordinatorId, String agentId, double cpu) throws IOException {
    String yaml = """
        task_execution:
          engine:
            worker_pool: {min_workers: 2, max_workers: 8}
            resource_manager:
              local_agent: {cpu_cores: %s, memory_gb: 8, storage_gb: 10}
            state_manager: {persistence: postgresql, url: "%s", sync_interval: 50ms}
          cluster:
            amqp_uri: "%s"
            heartbeat_interval: 250ms
            heartbeat_timeout: %dms
            leader_lease: %dms
            %s
            %s
            labels: {zone: test}
        """.formatted(cpu, jdbcUrl, amqpUri, LOST_AFTER.toMillis(), LEASE.toMillis(),
        coordinatorId == null ? "" : "coordinator_id: " + coordinatorId, agentId == null ? "" : "agent_id: " + agentId);
    Path p = dir.resolve(file);
    Files.writeString(p, yaml);
    return p;
  }

  TaskExecutionConfig read(Path config) {
    return ConfigReader.read(config);
  }

  /** An agent process with {@code cpu} declared cores. */
  Process agent(String id, double cpu) throws IOException {
    Path cfg = config("agent-" + id + ".yaml", null, id, cpu);
    return spawn("agent-" + id, "io.taskexec.broker.AgentMain", cfg.toString(), dir.resolve("data-" + id).toString());
  }

  /** A coordinator process (see {@link CoordinatorMain}). */
  Process coordinatorProcess(String id) throws IOException {
    Path cfg = config("coordinator-" + id + ".yaml", id, null, 1);
    return spawn("coordinator-" + id, "io.taskexec.broker.CoordinatorMain", cfg.toString(), dir.resolve("data-" + id).toString());
  }

  private Process spawn(String logName, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(logName + ".log").toFile()).start();
    processes.add(p);
    return p;
  }

  /** A coordinator in this JVM on its own store; closed with the environment. */
  ClusterCoordinator coordinator(String id) throws Exception {
    return coordinator(id, b -> {});
  }

  /** As {@link #coordinator(String)}, with last changes to its engine's builder (listeners ...). */
  ClusterCoordinator coordinator(String id, java.util.function.Consumer<io.taskexec.engine.EngineBuilder> customize) throws Exception {
    TaskExecutionConfig cfg = read(config("coordinator-" + id + ".yaml", id, null, 1));
    List<PostgresStateStore> opened = new ArrayList<>();
    var builder = TaskExecutionEngine.builder().dataDirectory(dir.resolve("data-" + id));
    customize.accept(builder);
    ClusterCoordinator c = ClusterCoordinator.lead(cfg, builder, () -> {
      PostgresStateStore s = new PostgresStateStore(jdbcUrl, schema,
          StoreOptions.DEFAULT.withSyncInterval(cfg.engine().stateManager().syncInterval()));
      opened.add(s);
      return s;
    });
    closeables.addAll(opened);
    closeables.add(c);
    return c;
  }

  private PostgresStateStore reader;

  /** The durable state, read through the store's own API (opened once, for reading). */
  synchronized PostgresStateStore stored() {
    if (reader == null) {
      reader = new PostgresStateStore(jdbcUrl, schema, StoreOptions.DEFAULT);
      closeables.add(0, reader);
    }
    return reader;
  }

  /** How many stored tasks are SUCCEEDED now. */
  long succeeded() {
    return stored().statuses().stream().filter(s -> s.state() == io.taskexec.task.TaskState.SUCCEEDED).count();
  }

  /** Kills a process and what it started, as a machine that dies would. */
  static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Runs SQL in this test's schema; returns the first column of each row. */
  List<String> sql(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      List<String> out = new ArrayList<>();
      if (s.execute(query)) {
        try (ResultSet rs = s.getResultSet()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** Closes this test's PostgreSQL connections (the coordinator's store, lease and relay) from the server side. */
  int terminateDatabaseConnections() throws SQLException {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
            + name + "' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Closes every AMQP connection of this test's virtual host from the broker's side. */
  void closeBrokerConnections() throws Exception {
    rabbitmqctl("close_all_connections", "--vhost", vhost, "test: the broker drops every connection");
  }

  static String rabbitmqctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
    return out;
  }

  /** The log of a spawned process, for failure messages. */
  String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    for (Process p : processes) kill(p);
    try {
      rabbitmqctl("delete_vhost", vhost);
    } finally {
      try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("DROP SCHEMA IF EXISTS " + schema + "_lease CASCADE");
      }
    }
  }
}
