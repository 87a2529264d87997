package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.task.Task;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's), started on loopback with its own data directory, scrapes the
 * exposition every second; its query API returns the figures of the run. The real Pushgateway
 * receives a push and Prometheus-format readers see it there.
 */
class RealPrometheusTest {
  @TempDir Path dir;
  final Fixture fx = new Fixture();
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  private Process start(List<String> command, Path log) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  /** The value of an instant query's single result, or NaN while it has none. */
  private double query(int port, String promql) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode result = json.readTree(r.body()).path("data").path("result");
    return result.size() == 1 ? result.get(0).path("value").get(1).asDouble() : Double.NaN;
  }

  @Test
  void prometheus_scrapes_the_exposition_and_its_query_api_returns_the_runs_values() throws Exception {
    assumeTrue(Tools.installed("prometheus"), "prometheus (Debian package) is not installed");
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir.resolve("engine"), m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      int metricsPort = mon.serve("127.0.0.1", 0);
      int promPort = Tools.freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: taskexec
              static_configs:
                - targets: ["127.0.0.1:%d"]
          """.formatted(metricsPort));
      start(List.of("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + promPort), dir.resolve("prometheus.log"));
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 7; i++) tasks.add(Task.builder("ok" + i, "shell").cpu(1).command("echo '::metric rows=" + (i + 1) * 100 + "'").build());
      tasks.add(Task.builder("bad1", "shell").cpu(1).command("exit 2").build());
      tasks.add(Task.builder("bad2", "shell").cpu(1).command("exit 2").build());
      engine.submitAll(tasks);
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      mon.sampleNow();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertThat(query(promPort, "task_throughput_total{job=\"taskexec\",type=\"shell\",state=\"SUCCEEDED\"}")).isEqualTo(7);
        assertThat(query(promPort, "task_throughput_total{job=\"taskexec\",state=\"FAILED\"}")).isEqualTo(2);
        assertThat(query(promPort, "taskexec_tasks{state=\"SUCCEEDED\"}")).isEqualTo(7);
        assertThat(query(promPort, "sum(task_duration_seconds_count)")).isEqualTo(9);
        assertThat(query(promPort, "taskexec_errors_total{kind=\"NONZERO_EXIT\"}")).isEqualTo(2);
        assertThat(query(promPort, "taskexec_agent_capacity{agent=\"local\",resource=\"memory_gb\"}")).isEqualTo(32);
        assertThat(query(promPort, "up{job=\"taskexec\"}")).isEqualTo(1);
      });
    }
  }

  @Test
  void a_short_run_pushes_to_the_real_pushgateway_as_job_task_execution() throws Exception {
    assumeTrue(Tools.installed("prometheus-pushgateway"), "prometheus-pushgateway (Debian package) is not installed");
    int port = Tools.freePort();
    start(List.of("prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + port), dir.resolve("pushgateway.log"));
    String url = "http://127.0.0.1:" + port;
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
        http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    MonitoringConfig m = Fixture.fast().withPrometheus(new MonitoringConfig.Prometheus(0, false, 100, url, null));
    try (TaskExecutionEngine engine = fx.builder(dir.resolve("engine"), m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      engine.submitAll(List.of(Task.builder("a", "shell").cpu(1).command("true").build(),
          Task.builder("b", "shell").cpu(1).command("true").build()));
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      mon.pushIfConfigured();
    }
    String body = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).containsPattern("task_throughput_total\\{instance=\"\",job=\"task_execution\",state=\"SUCCEEDED\",type=\"shell\"} 2")
        .containsPattern("push_time_seconds\\{instance=\"\",job=\"task_execution\"}");
  }

  @Test
  void a_push_is_a_put_of_the_text_format_to_the_jobs_group() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
        seen.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(seen.size() > 2 ? 500 : 200, -1);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      MonitoringConfig m = Fixture.fast();
      try (TaskExecutionEngine engine = fx.builder(dir.resolve("engine"), m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
        engine.submit(Task.builder("a", "shell").cpu(1).command("true").build()).result().get(30, TimeUnit.SECONDS);
        mon.push(url, "nightly run");
        assertThat(seen.get(0)).isEqualTo("PUT /metrics/job/nightly%20run text/plain; version=0.0.4; charset=utf-8");
        assertThat(seen.get(1)).contains("task_throughput_total{state=\"SUCCEEDED\",type=\"shell\"} 1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mon.push(url, "again"))
            .isInstanceOf(java.io.IOException.class).hasMessageContaining("answered 500");
      }
    } finally {
      server.stop(0);
    }
  }
}
