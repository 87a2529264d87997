package io.taskexec.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.broker.AgentRunner;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.store.StateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's two entry points, with and without a cluster section, on the real PostgreSQL and RabbitMQ. */
class CoordinatorTest {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  @TempDir Path dir;

  @Test
  void without_a_cluster_section_the_server_gets_the_embedded_engine() {
    TaskExecutionConfig cfg = ConfigReader.read("task_execution:\n  engine: {state_manager: {persistence: memory}}\n", "c.yaml");
    try (StateStore store = Coordinator.openStore(cfg, dir);
        TaskExecutionEngine engine = Coordinator.engine(cfg, TaskExecutionEngine.builder().store(store).dataDirectory(dir), store)) {
      assertThat(engine.agents()).extracting(a -> a.id()).containsExactly("local");
      assertThat(engine.submit(Task.builder("t", "noop").cpu(1).memoryGb(0.1).storageGb(0.1).build()).result().join().state())
          .isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void with_a_cluster_section_the_server_leads_and_its_tasks_run_on_an_agent() throws Exception {
    String name = "srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String vhost = "taskexec-it-" + name;
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    try {
      String yaml = """
          task_execution:
            engine:
              state_manager: {persistence: postgresql, url: "%s&currentSchema=%s", sync_interval: 50ms}
              resource_manager: {local_agent: {cpu_cores: 2, memory_gb: 2, storage_gb: 2}}
            cluster: {amqp_uri: "amqp://guest:guest@127.0.0.1:5672/%s", heartbeat_interval: 250ms, heartbeat_timeout: 3s,
                      leader_lease: 2s, coordinator_id: server-1, agent_id: node-1}
          """.formatted(PG, name, vhost);
      TaskExecutionConfig cfg = ConfigReader.read(yaml, "c.yaml");
      StateStore store = Coordinator.openStore(cfg, dir);
      TaskExecutionEngine engine = Coordinator.engine(cfg, TaskExecutionEngine.builder().dataDirectory(dir), store);
      assertThat(engine.agents()).isEmpty(); // no local agent in a cluster
      try (AgentRunner agent = AgentRunner.start(cfg, dir.resolve("agent"), List.of())) {
        var h = engine.submit(Task.builder("t", "shell").cpu(1).memoryGb(0.1).storageGb(0.1).command("echo hi").build());
        assertThat(h.result().get(60, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(engine.task("t").orElseThrow().attempts().get(0).agentId()).isEqualTo("node-1");
        assertThat(agent.spec().cpuCores()).isEqualTo(2);
      }
      Coordinator.stop();
      store.close();
    } finally {
      Coordinator.stop(); // before the schemas go: no lease renewal may outlive the test
      rabbitmqctl("delete_vhost", vhost);
      try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        s.execute("DROP SCHEMA IF EXISTS " + name + "_lease CASCADE");
      }
    }
  }

  static void rabbitmqctl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("rabbitmqctl failed: " + out);
  }
}
