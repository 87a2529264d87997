package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskResult;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import io.taskexec.store.MetricSummary;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes and handler threads, sampled by a monitoring attached to a real engine. */
class TaskSamplingTest {
  @TempDir Path dir;
  final Fixture fx = new Fixture();

  @Test
  void a_shell_task_that_burns_one_core_for_two_seconds_reports_two_cpu_seconds() throws Exception {
    assumeTrue(Fixture.hasPython(), "python3 burns an exact amount of cpu time");
    // 1 s sampling, as in production: the seconds after the last sample come from the reaped process
    MonitoringConfig m = new MonitoringConfig(Duration.ofSeconds(1), 100, 1000, 0.8, Duration.ofHours(1), Duration.ofMinutes(5));
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      Task burn = Task.builder("burn", "shell").cpu(1).memoryGb(1)
          .command("python3 -c 'import time\nwhile time.process_time() < 2.0: pass'").build();
      TaskResult r = engine.submit(burn).result().get(60, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      TaskUsage u = await().atMost(Duration.ofSeconds(10)).until(() -> mon.usage("burn"), x -> x != null && x.runSeconds() > 0);
      assertThat(u.cpuSeconds()).isCloseTo(2.0, within(0.2));
      assertThat(u.requestedCpuCores()).isEqualTo(1.0);
      mon.flush();
      assertThat(fx.store.metricSummaries("burn")).extracting(MetricSummary::name).contains("cpu_seconds", "duration_seconds");
      MetricSummary cpu = fx.store.metricSummaries("burn").stream().filter(s -> s.name().equals("cpu_seconds")).findFirst().orElseThrow();
      assertThat(cpu.max()).isCloseTo(2.0, within(0.2));
    }
  }

  @Test
  void a_shell_task_is_sampled_while_it_runs_cpu_and_memory_of_its_whole_tree() throws Exception {
    assumeTrue(Fixture.hasPython());
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      // the memory is held by a grandchild: sh -> sh -> python3
      Task t = Task.builder("tree", "shell").cpu(1).memoryGb(1)
          .command("sh -c \"python3 -c 'b = b\\\"x\\\" * (80 * 1024 * 1024); import time; time.sleep(1.5)'\"").build();
      var h = engine.submit(t);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(mon.statistics("tree"))
          .anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("memory_bytes");
            assertThat(s.max()).isGreaterThan(80.0 * 1024 * 1024);
          }));
      assertThat(h.result().get(30, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCEEDED);
      TaskUsage u = await().until(() -> mon.usage("tree"), x -> x != null && x.runSeconds() > 0);
      assertThat(u.peakMemoryBytes()).isGreaterThan(80L * 1024 * 1024).isLessThan(400L * 1024 * 1024);
      mon.flush();
      assertThat(fx.store.metricSummaries("tree")).extracting(MetricSummary::name)
          .contains("cpu_percent", "memory_bytes", "memory_peak_bytes", "cpu_seconds");
    }
  }

  @Test
  void the_stdout_protocol_reports_progress_and_metrics_and_the_log_keeps_every_line() throws Exception {
    MonitoringConfig m = Fixture.fast();
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      Task t = Task.builder("proto", "shell").cpu(1)
          .command("echo hello; echo '::progress 40/100 loading rows'; echo '::metric rows=1234 bytes=5e3';"
              + " echo '::metric rows=2000'; echo '::progress 0.9'; echo '::progress nonsense'; echo bye").build();
      TaskResult r = engine.submit(t).result().get(30, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      List<TaskEvent> ev = fx.eventsOf("proto");
      assertThat(ev).filteredOn(e -> e.type() == EventType.PROGRESS)
          .extracting(e -> e.data().get("progress"), TaskEvent::message)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(0.4, "loading rows"), org.assertj.core.groups.Tuple.tuple(0.9, null));
      assertThat(ev).filteredOn(e -> e.type() == EventType.SAMPLE)
          .extracting(e -> e.data().get("name") + "=" + e.data().get("value"))
          .containsExactly("rows=1234.0", "bytes=5000.0", "rows=2000.0");
      String log = Files.readString(r.attempts().get(0).logDirectory().resolve("attempt-1.stdout"));
      assertThat(log).isEqualTo("hello\n::progress 40/100 loading rows\n::metric rows=1234 bytes=5e3\n::metric rows=2000\n"
          + "::progress 0.9\n::progress nonsense\nbye\n");
      mon.flush();
      MetricSummary rows = fx.store.metricSummaries("proto").stream().filter(s -> s.name().equals("rows")).findFirst().orElseThrow();
      assertThat(rows.count()).isEqualTo(2);
      assertThat(rows.min()).isEqualTo(1234);
      assertThat(rows.max()).isEqualTo(2000);
      assertThat(rows.mean()).isEqualTo(1617);
    }
  }

  @Test
  void a_java_handlers_thread_cpu_time_and_allocations_are_measured() throws Exception {
    MonitoringConfig m = Fixture.fast();
    TaskHandler burner = new TaskHandler() {
      @Override
      public String type() {
        return "burner";
      }

      @Override
      public Map<String, Object> handle(ExecutionContext ctx) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = bean.getCurrentThreadCpuTime();
        long sink = 0;
        while (bean.getCurrentThreadCpuTime() - start < 500_000_000L) {
          byte[] b = new byte[1024];
          sink += b.length;
        }
        ctx.metric("latency_ms", 12);
        ctx.metric("latency_ms", 30);
        return Map.of("sink", sink);
      }
    };
    try (TaskExecutionEngine engine = fx.builder(dir, m).handler(burner).build();
         Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      TaskResult r = engine.submit(Task.builder("java", "burner").cpu(1).build()).result().get(30, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      TaskUsage u = await().until(() -> mon.usage("java"), x -> x != null && x.runSeconds() > 0);
      assertThat(u.cpuSeconds()).isCloseTo(0.5, within(0.05));
      assertThat(u.allocatedBytes()).isGreaterThan(1024L * 1000);
      mon.flush();
      MetricSummary lat = fx.store.metricSummaries("java").stream().filter(s -> s.name().equals("latency_ms")).findFirst().orElseThrow();
      assertThat(lat.count()).isEqualTo(2);
      assertThat(lat.p50()).isCloseTo(12, within(0.5));
      assertThat(lat.p99()).isCloseTo(30, within(0.5));
    }
  }

  @Test
  void a_full_sample_buffer_drops_the_oldest_and_counts_the_drops() throws Exception {
    MonitoringConfig m = new MonitoringConfig(Duration.ofHours(1), 100, 5, 0.8, Duration.ofHours(1), Duration.ofMinutes(5));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    TaskHandler reporter = new TaskHandler() {
      @Override
      public String type() {
        return "reporter";
      }

      @Override
      public Map<String, Object> handle(ExecutionContext ctx) throws InterruptedException {
        for (int i = 1; i <= 20; i++) ctx.metric("items", i);
        release.await();
        return Map.of();
      }
    };
    try (TaskExecutionEngine engine = fx.builder(dir, m).handler(reporter).build();
         Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      var h = engine.submit(Task.builder("r", "reporter").cpu(1).build());
      await().untilAsserted(() -> assertThat(mon.droppedSamples("r")).isEqualTo(15));
      assertThat(mon.samples("r")).extracting(s -> s.get("value")).containsExactly(16.0, 17.0, 18.0, 19.0, 20.0);
      assertThat(mon.statistics("r")).singleElement().satisfies(s -> {
        assertThat(s.count()).as("statistics keep every sample").isEqualTo(20);
        assertThat(s.min()).isEqualTo(1);
      });
      release.countDown();
      h.result().get(10, TimeUnit.SECONDS);
      var out = new java.io.ByteArrayOutputStream();
      mon.scrape(out, false);
      assertThat(out.toString()).contains("taskexec_monitoring_samples_dropped_total 15.0");
    }
  }
}
