package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.task.Task;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts delivered to a real HTTP server (webhook) and to RabbitMQ's {@code tasks} exchange, in a vhost of the test's own. */
class AlertTargetsTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();

  static final Alert ALERT = new Alert("failure_rate", "warning", 0.5, 0.2, "5 of 10 attempts failed \"now\"",
      Instant.parse("2026-06-01T00:00:00Z"));

  @Test
  void a_webhook_receives_each_alert_as_a_json_post() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/alerts", ex -> {
      try (ex) {
        bodies.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
            + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(bodies.size() == 1 ? 204 : 503, -1);
      }
    });
    server.start();
    try (WebhookAlertSink sink = new WebhookAlertSink("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts")) {
      sink.deliver(ALERT);
      assertThat(bodies).singleElement().asString().startsWith("POST application/json {");
      JsonNode b = json.readTree(bodies.get(0).substring(bodies.get(0).indexOf('{')));
      assertThat(b.path("rule").asText()).isEqualTo("failure_rate");
      assertThat(b.path("message").asText()).isEqualTo("5 of 10 attempts failed \"now\"");
      assertThat(b.path("value").asDouble()).isEqualTo(0.5);
      assertThat(b.path("at").asText()).isEqualTo("2026-06-01T00:00:00Z");
      assertThatThrownBy(() -> sink.deliver(ALERT)).hasMessageContaining("answered 503");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void a_monitored_engine_delivers_its_alerts_to_the_configured_webhook() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      try (ex) {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(200, -1);
      }
    });
    server.start();
    Fixture fx = new Fixture();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    // checks every 300 ms, so the configured check_interval drives them, not the test
    MonitoringConfig m = new MonitoringConfig(Duration.ofMillis(200), 100, 1000, 0.8, Duration.ofMillis(300), Duration.ofHours(1))
        .withAlerts(new MonitoringConfig.Alerts(List.of("failure_rate"), List.of("log", "webhook"), url, null, Duration.ofMinutes(10)));
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      engine.submitAll(List.of(Task.builder("f1", "shell").cpu(1).command("exit 1").build(),
          Task.builder("f2", "shell").cpu(1).command("exit 1").build()));
      await().atMost(Duration.ofSeconds(20)).until(() -> !bodies.isEmpty());
      assertThat(json.readTree(bodies.get(0)).path("rule").asText()).isEqualTo("failure_rate");
      engine.submit(Task.builder("f3", "shell").cpu(1).command("exit 1").build()).result().get(10, TimeUnit.SECONDS);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      mon.scrape(out, false);
      assertThat(out.toString()).contains("taskexec_alerts_total{rule=\"failure_rate\"} 1.0");
      assertThat(bodies).as("the cooldown (1 h) holds the next one back").hasSize(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void alerts_are_published_to_the_durable_tasks_topic_exchange_with_routing_key_alert_rule() throws Exception {
    String vhost = "taskexec-alerts-" + UUID.randomUUID();
    Tools.Result add;
    try {
      add = Tools.run(List.of("rabbitmqctl", "add_vhost", vhost), null);
    } catch (java.io.IOException e) {
      add = new Tools.Result(-1, e.getMessage());
    }
    assumeThat(add.exitCode()).as("rabbitmqctl works here: " + add.output()).isZero();
    try {
      Tools.Result perm = Tools.run(List.of("rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"), null);
      assertThat(perm.exitCode()).as(perm.output()).isZero();
      ConnectionFactory f = new ConnectionFactory();
      f.setHost("127.0.0.1");
      f.setVirtualHost(vhost);
      try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
        ch.exchangeDeclare("tasks", "topic", true);
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "tasks", "alert.#");
        String uri = "amqp://guest:guest@127.0.0.1:5672/" + java.net.URLEncoder.encode(vhost, StandardCharsets.UTF_8);
        try (AmqpAlertSink sink = new AmqpAlertSink(uri)) {
          sink.deliver(ALERT);
          sink.deliver(new Alert("lost_agents", "critical", 1, 0, "1 agent(s) lost", ALERT.at()));
        }
        GetResponse first = await().atMost(Duration.ofSeconds(10)).until(() -> ch.basicGet(q, true), r -> r != null);
        assertThat(first.getEnvelope().getRoutingKey()).isEqualTo("alert.failure_rate");
        assertThat(first.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(first.getProps().getContentType()).isEqualTo("application/json");
        assertThat(json.readTree(first.getBody()).path("message").asText()).isEqualTo(ALERT.message());
        GetResponse second = await().atMost(Duration.ofSeconds(10)).until(() -> ch.basicGet(q, true), r -> r != null);
        assertThat(second.getEnvelope().getRoutingKey()).isEqualTo("alert.lost_agents");
        assertThat(json.readTree(second.getBody()).path("severity").asText()).isEqualTo("critical");
      }
    } finally {
      Tools.run(List.of("rabbitmqctl", "delete_vhost", vhost), null);
    }
  }

  @Test
  void a_bad_amqp_uri_is_refused_with_its_reason() {
    assertThatThrownBy(() -> new AmqpAlertSink("http://nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amqp_uri http://nope is not a valid AMQP URI");
  }
}
