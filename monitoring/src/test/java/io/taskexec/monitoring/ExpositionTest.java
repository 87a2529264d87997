package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import io.taskexec.task.Deadline;
import io.taskexec.task.Task;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exposition: the specification's names, bounded labels, promtool's lint, HTTP content negotiation. */
class ExpositionTest {
  @TempDir Path dir;
  final Fixture fx = new Fixture();

  /** Blocks until released, so that tasks stay running while the test looks. */
  static final class Gate implements TaskHandler {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String type() {
      return "gate";
    }

    @Override
    public Map<String, Object> handle(ExecutionContext ctx) throws InterruptedException {
      ctx.progress(0.5, "half");
      release.await();
      return Map.of();
    }
  }

  static String scrape(Monitoring m, boolean openMetrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.scrape(out, openMetrics);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void a_run_is_exported_under_the_specifications_names_and_promtool_accepts_it() throws Exception {
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) tasks.add(Task.builder("ok" + i, "shell").cpu(1).command("echo fine").build());
      tasks.add(Task.builder("bad", "shell").cpu(1).command("exit 3").build());
      tasks.add(Task.builder("late", "shell").cpu(1).command("true").after("bad").build());
      engine.submitAll(tasks);
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      mon.sampleNow();
      String text = scrape(mon, false);
      assertThat(text)
          .contains("task_throughput_total{state=\"SUCCEEDED\",type=\"shell\"} 3.0")
          .contains("task_throughput_total{state=\"FAILED\",type=\"shell\"} 1.0")
          .contains("task_throughput_total{state=\"UPSTREAM_FAILED\",type=\"shell\"} 1.0")
          .contains("task_duration_seconds_count{state=\"SUCCEEDED\",type=\"shell\"} 3")
          .contains("taskexec_errors_total{kind=\"NONZERO_EXIT\",type=\"shell\"} 1.0")
          .contains("taskexec_tasks{state=\"SUCCEEDED\"} 3.0")
          .contains("taskexec_agent_capacity{agent=\"local\",resource=\"cpu_cores\"} 16.0")
          .contains("taskexec_agent_allocated{agent=\"local\",resource=\"cpu_cores\"} 0.0")
          .contains("taskexec_scheduling_latency_seconds_count{type=\"shell\"} 4")
          .contains("task_cpu_seconds_total{type=\"shell\"}")
          .contains("task_memory_recommended_bytes{type=\"shell\"}")
          .contains("# TYPE task_duration_seconds histogram");
      // every family in the exposition is one Monitoring.metricNames() lists (the dashboards' test relies on it)
      Matcher types = Pattern.compile("# TYPE (\\S+) (\\S+)").matcher(text);
      while (types.find()) {
        String name = types.group(1);
        String family = types.group(2).equals("counter") && !name.endsWith("_total") ? name + "_total" : name;
        assertThat(Monitoring.metricNames()).contains(family);
      }
      assumeTrue(Tools.installed("promtool"), "promtool (Debian package prometheus) is not installed");
      Path file = dir.resolve("metrics.txt");
      Files.writeString(file, text);
      Tools.Result r = Tools.run(List.of("promtool", "check", "metrics"), file);
      assertThat(r.output()).as("promtool check metrics").isEmpty();
      assertThat(r.exitCode()).isZero();
    }
  }

  @Test
  void running_tasks_are_gauged_by_type_and_by_task_id_only_when_configured_and_capped() throws Exception {
    MonitoringConfig m = Fixture.fast().withPrometheus(new MonitoringConfig.Prometheus(0, true, 2, null, null));
    Gate gate = new Gate();
    try (TaskExecutionEngine engine = fx.builder(dir, m).handler(gate).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      for (int i = 0; i < 4; i++) engine.submit(Task.builder("g" + i, "gate").cpu(1).memoryGb(1).build());
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        mon.sampleNow();
        String text = scrape(mon, false);
        Matcher ids = Pattern.compile("task_cpu_usage_percent\\{task_id=\"(g\\d)\",type=\"gate\"}").matcher(text);
        int labelled = 0;
        while (ids.find()) labelled++;
        assertThat(labelled).as("at most per_task_label_cap task ids").isEqualTo(2);
        assertThat(text).contains("task_cpu_usage_percent{task_id=\"_other\",type=\"gate\"}")
            .contains("task_progress_ratio{task_id=\"_other\",type=\"gate\"} 0.5")
            .contains("taskexec_agent_allocated{agent=\"local\",resource=\"cpu_cores\"} 4.0")
            .contains("taskexec_agent_allocated{agent=\"local\",resource=\"memory_gb\"} 4.0")
            .contains("taskexec_tasks{state=\"RUNNING\"} 4.0");
      });
      gate.release.countDown();
      engine.whenIdle().get(10, TimeUnit.SECONDS);
    }
    Fixture fx2 = new Fixture();
    Gate gate2 = new Gate();
    MonitoringConfig plain = Fixture.fast();
    try (TaskExecutionEngine engine = fx2.builder(dir.resolve("2"), plain).handler(gate2).build();
         Monitoring mon = Monitoring.attach(engine, Fixture.config(plain))) {
      for (int i = 0; i < 3; i++) engine.submit(Task.builder("p" + i, "gate").cpu(1).build());
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        mon.sampleNow();
        String text = scrape(mon, false);
        assertThat(text).doesNotContain("task_id=").contains("task_progress_ratio{type=\"gate\"} 0.5");
      });
      gate2.release.countDown();
    }
  }

  @Test
  void deadline_misses_and_retries_are_counted() throws Exception {
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      engine.submit(Task.builder("flaky", "shell").cpu(1).command("exit 1")
          .retry(io.taskexec.task.RetryPolicy.attempts(3, Duration.ofMillis(5))).build());
      engine.submit(Task.builder("blocker", "shell").cpu(1).command("sleep 1").build());
      // its deadline passes while it waits for the blocker
      engine.submit(Task.builder("overdue", "shell").cpu(1).command("true").after("blocker")
          .deadline(new Deadline.After(Duration.ofMillis(300))).build());
      engine.whenIdle().get(30, TimeUnit.SECONDS);
      mon.sampleNow();
      String text = scrape(mon, false);
      assertThat(text).contains("taskexec_retries_total{type=\"shell\"} 2.0")
          .contains("taskexec_errors_total{kind=\"NONZERO_EXIT\",type=\"shell\"} 3.0")
          .contains("taskexec_deadline_misses_total{type=\"shell\"} 1.0");
      assertThat(mon.checkAlertsNow()).extracting(Alert::rule).contains("failure_rate", "deadline_misses");
    }
  }

  @Test
  void a_deadline_the_estimates_cannot_meet_fires_an_alert_before_any_miss() throws Exception {
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      engine.submit(Task.builder("blocker", "shell").cpu(1).command("sleep 1").build());
      // by its estimate it needs 1 min, its deadline is 30 s away: flagged at admission
      var tight = engine.submit(Task.builder("tight", "shell").cpu(1).command("true").after("blocker")
          .estimatedDuration(Duration.ofMinutes(1)).deadline(new Deadline.After(Duration.ofSeconds(30))).build());
      org.awaitility.Awaitility.await().until(() -> scrape(mon, false).contains("taskexec_deadline_risks_total{type=\"shell\"} 1.0"));
      assertThat(engine.task("tight").orElseThrow().state().isTerminal()).isFalse();
      List<Alert> fired = mon.checkAlertsNow();
      assertThat(fired).extracting(Alert::rule).contains("deadline_risk").doesNotContain("deadline_misses");
      assertThat(fired.stream().filter(a -> a.rule().equals("deadline_risk")).findFirst().orElseThrow().message())
          .startsWith("1 task(s) will miss their deadline by the estimates");
      assertThat(tight.result().get(30, TimeUnit.SECONDS).state()).isEqualTo(io.taskexec.task.TaskState.SUCCEEDED);
    }
  }

  @Test
  void the_http_exposition_negotiates_openmetrics_and_refuses_other_methods() throws Exception {
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      int port = mon.serve("127.0.0.1", 0);
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
      HttpResponse<String> om = http.send(HttpRequest.newBuilder(uri)
          .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(om.statusCode()).isEqualTo(200);
      assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(om.body()).endsWith("# EOF\n").contains("# TYPE taskexec_tasks gauge");
      HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(text.body()).doesNotContain("# EOF");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
