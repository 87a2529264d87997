package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.ReportingConfig;
import io.taskexec.config.ReportingConfig.Webhook;
import io.taskexec.reporting.deliver.DirectoryTarget;
import io.taskexec.reporting.deliver.Distributor;
import io.taskexec.reporting.deliver.Outbox;
import io.taskexec.reporting.deliver.Target;
import io.taskexec.reporting.deliver.WebhookTarget;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {
  static final Duration DELAY = Duration.ofMillis(20);
  @TempDir Path dir;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  static Report report() {
    return new Report("run-20260601-120000", "run", ReportFormat.JSON, "run-20260601-120000.json",
        Instant.parse("2026-06-01T12:00:00Z"), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
  }

  Distributor distributor(List<Target> targets, int retries, Duration timeout) {
    // the waits are recorded, not slept: what is under test is how long the distributor asks to wait
    return new Distributor(targets, retries, DELAY, timeout, new Outbox(dir.resolve("data/outbox")), waits::add);
  }

  static WebhookTarget webhook(String url) {
    return new WebhookTarget(new Webhook(url, Map.of("X-Team", "data"), "s3cret"));
  }

  @Test
  void a_report_is_copied_into_the_directory() throws Exception {
    Path out = dir.resolve("published");
    List<Distributor.Result> r = distributor(List.of(new DirectoryTarget(out)), 0, Duration.ofSeconds(5)).deliver(List.of(report()));
    assertThat(r).singleElement().satisfies(x -> assertThat(x.delivered()).isTrue());
    assertThat(out.resolve("run-20260601-120000.json")).hasContent("{\"ok\":true}");
  }

  @Test
  void a_webhook_gets_the_report_with_its_headers_and_token() throws Exception {
    try (Hook hook = new Hook(0, 0)) {
      List<Distributor.Result> r = distributor(List.of(webhook(hook.url())), 3, Duration.ofSeconds(5)).deliver(List.of(report()));
      assertThat(r).singleElement().satisfies(x -> {
        assertThat(x.delivered()).isTrue();
        assertThat(x.tries()).isEqualTo(1);
      });
      assertThat(hook.received).singleElement().satisfies(req -> {
        assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(req.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(req.header("X-Team")).isEqualTo("data");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.header("X-Taskexec-Report-Id")).isEqualTo("run-20260601-120000.json");
        assertThat(req.header("X-Taskexec-Report-Kind")).isEqualTo("run");
      });
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void a_failing_target_is_retried_with_growing_delays_until_it_takes_the_report() throws Exception {
    try (Hook hook = new Hook(0, 2)) {
      List<Distributor.Result> r = distributor(List.of(webhook(hook.url())), 3, Duration.ofSeconds(5)).deliver(List.of(report()));
      assertThat(r).singleElement().satisfies(x -> {
        assertThat(x.delivered()).isTrue();
        assertThat(x.tries()).isEqualTo(3);
      });
      assertThat(waits).containsExactly(DELAY, DELAY.multipliedBy(2));
      assertThat(hook.received).hasSize(1);
      assertThat(new Outbox(dir.resolve("data/outbox")).pending()).isEmpty();
    }
  }

  @Test
  void a_delivery_that_still_fails_waits_in_the_outbox_and_goes_out_exactly_once_after_a_restart() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // nothing listens there once it is closed: the target is down
    }
    String url = "http://127.0.0.1:" + port + "/hook";
    List<Distributor.Result> first = distributor(List.of(webhook(url)), 2, Duration.ofSeconds(2)).deliver(List.of(report()));
    assertThat(first).singleElement().satisfies(x -> {
      assertThat(x.delivered()).isFalse();
      assertThat(x.tries()).isEqualTo(3);
      assertThat(x.error()).contains("ConnectException");
      assertThat(x.outboxEntry()).exists();
    });
    assertThat(waits).containsExactly(DELAY, DELAY.multipliedBy(2));
    Outbox kept = new Outbox(dir.resolve("data/outbox"));
    assertThat(kept.pending()).singleElement().satisfies(e -> {
      assertThat(e.target()).isEqualTo("webhook");
      assertThat(e.tries()).isEqualTo(3);
      assertThat(new String(e.delivery().content(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    });

    // a new process: a new distributor on the same data directory, and the target is up again
    try (Hook hook = new Hook(port, 0)) {
      Distributor restarted = distributor(List.of(webhook(url)), 2, Duration.ofSeconds(2));
      List<Distributor.Result> again = restarted.retryOutbox();
      assertThat(again).singleElement().satisfies(x -> assertThat(x.delivered()).isTrue());
      assertThat(restarted.retryOutbox()).isEmpty();
      assertThat(hook.received).singleElement().satisfies(req ->
          assertThat(req.header("X-Taskexec-Report-Id")).isEqualTo("run-20260601-120000.json"));
      assertThat(kept.pending()).isEmpty();
    }
  }

  @Test
  void each_try_is_bounded_by_the_timeout() throws Exception {
    com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    slow.createContext("/hook", ex -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    slow.start();
    try {
      String url = "http://127.0.0.1:" + slow.getAddress().getPort() + "/hook";
      List<Distributor.Result> r = distributor(List.of(webhook(url)), 1, Duration.ofMillis(300)).deliver(List.of(report()));
      assertThat(r).singleElement().satisfies(x -> {
        assertThat(x.delivered()).isFalse();
        assertThat(x.tries()).isEqualTo(2);
        assertThat(x.error()).contains("HttpTimeoutException");
      });
    } finally {
      release.countDown();
      slow.stop(0);
    }
  }

  @Test
  void the_targets_of_a_configuration_are_built_with_relative_directories_beside_the_base() {
    ReportingConfig c = ReportingConfig.DEFAULT.withTargets(new ReportingConfig.Targets("out", new Webhook("http://x/y", null, null),
        null, null));
    List<Target> t = Distributor.targets(c.targets(), dir);
    assertThat(t).extracting(Target::name).containsExactly("directory", "webhook");
    assertThat(t.get(0).toString()).isEqualTo("directory " + dir.resolve("out"));
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }
}
