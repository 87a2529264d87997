package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.broker.ClusterCoordinator;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.server.http.Tokens;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskexec agent} with {@code cluster.metrics_port}, as a real process in a real cluster
 * (RabbitMQ, PostgreSQL, a coordinator in this JVM): its {@code /metrics} asks for a token like the
 * server's, and shows its capacity, what it runs and what it ran.
 */
class AgentMetricsIT {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String VIEWER_TOKEN = "agent-metrics-viewer-token";
  static final String SHELL_ONLY_TOKEN = "agent-metrics-shell-only-token";
  final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void an_agent_serves_its_own_metrics_to_a_token_holder_only() throws Exception {
    String name = "am_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String vhost = "taskexec-it-" + name;
    rabbitmqctl("add_vhost", vhost);
    Process agent = null;
    ClusterCoordinator coordinator = null;
    List<PostgresStateStore> stores = new ArrayList<>();
    try {
      rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
      String jdbc = PG + "&currentSchema=" + name;
      Path cfg = Files.writeString(dir.resolve("cluster.yaml"), """
          task_execution:
            engine:
              worker_pool: {min_workers: 1, max_workers: 4}
              resource_manager:
                local_agent: {cpu_cores: 4, memory_gb: 8, storage_gb: 10}
              state_manager: {persistence: postgresql, url: "%s", sync_interval: 50ms}
            cluster:
              amqp_uri: "amqp://guest:guest@127.0.0.1:5672/%s"
              heartbeat_interval: 250ms
              heartbeat_timeout: 5s
              agent_id: m1
              coordinator_id: c1
              metrics_port: 0
            server:
              tokens:
                - {name: prometheus, sha256: %s, roles: [viewer]}
                - {name: runner, sha256: %s, roles: [shell]}
          """.formatted(jdbc, vhost, Tokens.sha256Hex(VIEWER_TOKEN), Tokens.sha256Hex(SHELL_ONLY_TOKEN)));
      Path out = dir.resolve("agent.out");
      agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "agent", "--config", cfg.toString(),
          "--data-dir", dir.resolve("agent-data").toString())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      Pattern served = Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)");
      await().atMost(Duration.ofSeconds(60)).until(() -> served.matcher(Files.readString(out)).find());
      Matcher m = served.matcher(Files.readString(out));
      assertThat(m.find()).isTrue();
      URI metrics = URI.create(m.group(1));

      // guarded like the server's /metrics
      assertThat(get(metrics, null, null).statusCode()).isEqualTo(401);
      assertThat(get(metrics, "not-a-token", null).statusCode()).isEqualTo(401);
      assertThat(get(metrics, SHELL_ONLY_TOKEN, null).statusCode()).isEqualTo(403);
      HttpResponse<String> first = get(metrics, VIEWER_TOKEN, "application/openmetrics-text; version=1.0.0");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(first.body()).contains("taskexec_agent_capacity{agent=\"m1\",resource=\"cpu_cores\"} 4.0")
          .contains("taskexec_agent_capacity{agent=\"m1\",resource=\"memory_gb\"} 8.0").endsWith("# EOF\n");

      TaskExecutionConfig config = ConfigReader.read(cfg);
      coordinator = ClusterCoordinator.lead(config, TaskExecutionEngine.builder().dataDirectory(dir.resolve("coordinator")), () -> {
        PostgresStateStore s = new PostgresStateStore(jdbc, name, StoreOptions.DEFAULT.withSyncInterval(Duration.ofMillis(50)));
        stores.add(s);
        return s;
      });
      ClusterCoordinator c = coordinator;
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().containsKey("m1"));
      Path release = dir.resolve("release");
      var handles = c.engine().submitAll(List.of(
          Task.builder("held", "shell").cpu(1.5).memoryGb(0.5).storageGb(0.1)
              .command("while [ ! -e " + release + " ]; do sleep 0.05; done").build(),
          Task.builder("quick", "noop").cpu(0.5).memoryGb(0.1).storageGb(0.1).build()));

      // what it runs now: one shell attempt holding 1.5 cores
      await().atMost(Duration.ofSeconds(60)).until(() -> scrape(metrics).contains("taskexec_agent_running{agent=\"m1\",type=\"shell\"} 1"));
      String running = scrape(metrics);
      assertThat(running).contains("taskexec_agent_allocated{agent=\"m1\",resource=\"cpu_cores\"} 1.5");
      Files.writeString(release, "go");
      for (var h : handles) assertThat(h.result().get(60, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);

      // what it ran: durations and counts by type and final state; nothing held any more
      await().atMost(Duration.ofSeconds(30)).until(() -> scrape(metrics).contains("taskexec_agent_allocated{agent=\"m1\",resource=\"cpu_cores\"} 0.0"));
      String ran = scrape(metrics);
      assertThat(ran).contains("task_duration_seconds_count{agent=\"m1\",state=\"SUCCEEDED\",type=\"shell\"} 1")
          .contains("task_duration_seconds_count{agent=\"m1\",state=\"SUCCEEDED\",type=\"noop\"} 1")
          .contains("task_throughput_total{agent=\"m1\",state=\"SUCCEEDED\",type=\"shell\"} 1.0")
          .contains("taskexec_agent_placements_total{agent=\"m1\"} 2.0")
          .doesNotContain("taskexec_agent_running{agent=\"m1\",type=\"shell\"} 1"); // nothing runs any more
      assertThat(ran).doesNotContain("task_id"); // bounded labels: no label per task
    } finally {
      if (coordinator != null) coordinator.close();
      for (PostgresStateStore s : stores) s.close();
      if (agent != null) {
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) agent.destroyForcibly();
      }
      rabbitmqctl("delete_vhost", vhost);
      try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        s.execute("DROP SCHEMA IF EXISTS " + name + "_lease CASCADE");
      }
    }
  }

  private String scrape(URI metrics) throws Exception {
    HttpResponse<String> r = get(metrics, VIEWER_TOKEN, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private HttpResponse<String> get(URI uri, String token, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (accept != null) b.header("Accept", accept);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
