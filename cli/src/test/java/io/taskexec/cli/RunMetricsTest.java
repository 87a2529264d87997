package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec run --metrics-port}: /metrics while the run lasts; a Pushgateway push at its end. */
class RunMetricsTest {
  @TempDir Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void a_run_serves_its_metrics_on_the_port_while_it_lasts() throws Exception {
    Path go = tmp.resolve("go");
    Path file = tmp.resolve("wait.yaml");
    Files.writeString(file, """
        tasks:
          - {id: waiter, type: shell, command: "while [ ! -f '%s' ]; do sleep 0.05; done",
             requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
        """.formatted(go));
    int port = freePort();
    CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run("run", file.toString(), "--no-progress",
        "--data-dir", tmp.resolve("data").toString(), "--metrics-port", Integer.toString(port)));
    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("taskexec_tasks{state=\"RUNNING\"} 1.0");
    });
    Files.writeString(go, "");
    Cli cli = run.get(60, TimeUnit.SECONDS);
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.err()).contains("metrics: http://127.0.0.1:" + port + "/metrics");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()))
        .as("the endpoint ends with the run").isInstanceOf(ConnectException.class);
  }

  @Test
  void a_port_in_use_is_a_clear_error_and_nothing_runs() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path file = tmp.resolve("one.yaml");
      Files.writeString(file, """
          tasks:
            - {id: one, type: shell, command: "true", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          """);
      Cli cli = Cli.run("run", file.toString(), "--no-progress", "--data-dir", tmp.resolve("data").toString(),
          "--metrics-port", Integer.toString(taken.getLocalPort()));
      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(cli.err()).contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
          .contains("choose another --metrics-port").doesNotContain("Exception");
    }
  }

  @Test
  void a_run_pushes_its_metrics_to_the_configured_pushgateway_at_its_end() throws Exception {
    List<String> pushes = new CopyOnWriteArrayList<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext("/", ex -> {
      try (ex) {
        pushes.add(ex.getRequestMethod() + " " + ex.getRequestURI() + "\n"
            + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(200, -1);
      }
    });
    gateway.start();
    try {
      Path config = tmp.resolve("config.yaml");
      Files.writeString(config, """
          task_execution:
            monitoring:
              prometheus:
                pushgateway_url: http://127.0.0.1:%d
          """.formatted(gateway.getAddress().getPort()));
      Path file = tmp.resolve("two.yaml");
      Files.writeString(file, """
          tasks:
            - {id: a, type: shell, command: "true", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
            - {id: b, type: shell, command: "exit 4", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          """);
      Cli cli = Cli.run("run", file.toString(), "--no-progress", "--config", config.toString(),
          "--data-dir", tmp.resolve("data").toString());
      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.TASK_FAILED);
      assertThat(pushes).singleElement().asString().startsWith("PUT /metrics/job/task_execution\n")
          .contains("task_throughput_total{state=\"SUCCEEDED\",type=\"shell\"} 1.0")
          .contains("task_throughput_total{state=\"FAILED\",type=\"shell\"} 1.0");
    } finally {
      gateway.stop(0);
    }
  }
}
