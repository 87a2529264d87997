package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.task.Deadline;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards and the Prometheus rules in deploy/: every query parses (promtool) and
 * references only metrics that a running engine's exposition exports.
 */
class DashboardsTest {
  static final List<String> DASHBOARDS = List.of("task-overview.json", "task-details.json", "task-performance.json");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "and", "or", "unless", "offset", "inf", "nan");
  @TempDir Path dir;

  /** Every PromQL query of a dashboard: panel targets and template variables. */
  static List<String> queries(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<String> out = new ArrayList<>();
    List<JsonNode> panels = new ArrayList<>();
    root.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      panels.get(i).path("panels").forEach(panels::add); // panels of collapsed rows
      for (JsonNode t : panels.get(i).path("targets")) out.add(t.path("expr").asText());
    }
    for (JsonNode v : root.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        Matcher m = Pattern.compile("label_values\\((\\w+)").matcher(v.path("query").path("query").asText());
        if (m.find()) out.add(m.group(1));
      }
    }
    return out;
  }

  /** Grafana's variables replaced by values PromQL accepts. */
  static String concrete(String expr) {
    return expr.replace("$__rate_interval", "1m").replace("$type", ".*").replace("$task_id", ".*");
  }

  /** The metric names a PromQL expression reads. */
  static Set<String> metricNames(String expr) {
    String s = concrete(expr)
        .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")                       // string literals
        .replaceAll("\\{[^}]*}", " ")                                       // label matchers
        .replaceAll("\\[[^]]*]", " ")                                       // ranges
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(s);
    while (m.find()) {
      if (m.group(1) != null) continue; // a function or aggregation
      String id = m.group().strip();
      if (KEYWORDS.contains(id.toLowerCase()) || id.matches("\\d.*")) continue;
      int at = m.start();
      if (at > 0 && Character.isDigit(s.charAt(at - 1))) continue; // 1e, 0.5
      names.add(id);
    }
    return names;
  }

  /** Families and series names a scrape declares: histograms add _bucket, _sum and _count. */
  static Set<String> exported(String scrape) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("# TYPE (\\S+) (\\S+)").matcher(scrape);
    while (m.find()) {
      String name = m.group(1);
      switch (m.group(2)) {
        case "counter" -> out.add(name.endsWith("_total") ? name : name + "_total");
        case "histogram" -> out.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
        default -> out.add(name);
      }
    }
    return out;
  }

  /** A run that exercises every metric: successes, retries, a failure, a deadline miss, running tasks, an alert. */
  private String scrapeOfAFullRun() throws Exception {
    Fixture fx = new Fixture();
    MonitoringConfig m = Fixture.fast().withPrometheus(new MonitoringConfig.Prometheus(0, true, 10, null, null));
    ExpositionTest.Gate gate = new ExpositionTest.Gate();
    try (TaskExecutionEngine engine = fx.builder(dir, m).handler(gate).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      engine.submitAll(List.of(
          Task.builder("ok", "shell").cpu(1).memoryGb(0.5).command("echo '::metric rows=5'; sleep 0.3").build(),
          Task.builder("flaky", "shell").cpu(1).command("exit 1").retry(RetryPolicy.attempts(2, Duration.ofMillis(5))).build(),
          Task.builder("blocker", "shell").cpu(1).command("sleep 0.6").build(),
          Task.builder("late", "shell").cpu(1).command("true").after("blocker").deadline(new Deadline.After(Duration.ofMillis(100))).build()));
      engine.submit(Task.builder("running", "gate").cpu(1).build());
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> engine.counts().get(io.taskexec.task.TaskState.RUNNING) == 1
          && engine.counts().values().stream().mapToLong(Long::longValue).sum() == engine.counts().get(io.taskexec.task.TaskState.RUNNING)
              + engine.counts().entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToLong(e -> e.getValue()).sum());
      mon.checkAlertsNow();
      mon.sampleNow();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      mon.scrape(out, false);
      gate.release.countDown();
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void every_panel_references_only_metrics_the_exposition_exports() throws Exception {
    Set<String> exported = exported(scrapeOfAFullRun());
    for (String name : DASHBOARDS) {
      Path file = Tools.DEPLOY.resolve("grafana").resolve(name);
      List<String> qs = queries(file);
      assertThat(qs).as(name + " has queries").hasSizeGreaterThan(3);
      for (String q : qs) {
        Set<String> used = metricNames(q);
        assertThat(used).as(name + ": " + q).isNotEmpty();
        assertThat(exported).as(name + ": every metric of " + q).containsAll(used);
      }
    }
  }

  @Test
  void the_metric_name_extraction_skips_functions_labels_and_ranges() {
    assertThat(metricNames("histogram_quantile(0.95, sum by (le, type) (rate(task_duration_seconds_bucket{type=~\"$type\"}[$__rate_interval])))"))
        .containsExactly("task_duration_seconds_bucket");
    assertThat(metricNames("sum(rate(a_total[5m])) / clamp_min(sum(b_total) + c, 1e-9) > 0.2 and on (x) d"))
        .containsExactly("a_total", "b_total", "c", "d");
  }

  @Test
  void every_dashboard_query_parses_as_promql() throws Exception {
    assumeTrue(Tools.installed("promtool"), "promtool (Debian package prometheus) is not installed");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    int i = 0;
    for (String name : DASHBOARDS) {
      for (String q : queries(Tools.DEPLOY.resolve("grafana").resolve(name))) {
        rules.append("      - record: dashboard:query").append(i++).append("\n        expr: ")
            .append(new ObjectMapper().writeValueAsString(concrete(q))).append('\n');
      }
    }
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);
    Tools.Result r = Tools.run(List.of("promtool", "check", "rules", file.toString()), null);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + i + " rules found");
  }

  @Test
  void the_prometheus_rules_and_config_pass_promtool_and_use_exported_metrics() throws Exception {
    Path rules = Tools.DEPLOY.resolve("prometheus/taskexec-rules.yml");
    String text = Files.readString(rules);
    Set<String> known = new TreeSet<>(Monitoring.metricNames());
    for (String n : Monitoring.metricNames()) Stream.of("_bucket", "_sum", "_count").forEach(x -> known.add(n + x));
    int checked = 0;
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("expr:")) continue;
      String e = line.strip().substring(5).strip();
      if (e.equals(">")) continue;
      for (String used : metricNames(e)) {
        if (used.contains(":")) continue; // a recording rule of the same file
        assertThat(known).as(e).contains(used);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3);
    assumeTrue(Tools.installed("promtool"), "promtool (Debian package prometheus) is not installed");
    Tools.Result r = Tools.run(List.of("promtool", "check", "rules", rules.toString()), null);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 9 rules found");
    Tools.Result c = Tools.run(List.of("promtool", "check", "config", Tools.DEPLOY.resolve("prometheus/prometheus.yml").toString()), null);
    assertThat(c.exitCode()).as(c.output()).isZero();
  }
}
