package io.taskexec.ingest;

import static io.taskexec.ingest.Fixtures.brief;
import static io.taskexec.ingest.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.LocalAgentConfig;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.ReportingConfig;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.error.FailureKind;
import io.taskexec.error.RecoveryStrategy;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.task.RetryPolicy;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  @Test
  void an_empty_file_is_the_default_configuration() {
    assertThat(ConfigReader.read(config("empty.yaml"))).isEqualTo(TaskExecutionConfig.DEFAULT);
  }

  @Test
  void missing_keys_take_the_defaults() {
    TaskExecutionConfig c = ConfigReader.read(config("partial.yaml"));
    assertThat(c.engine().workerPool()).isEqualTo(new WorkerPoolConfig(5, 50, 1.5, Duration.ofSeconds(30)));
    assertThat(c.engine().stateManager()).isEqualTo(new StateManagerConfig("memory", Duration.ofSeconds(1), ".taskexec", null));
    assertThat(c.engine().resourceManager()).isEqualTo(TaskExecutionConfig.DEFAULT.engine().resourceManager());
    assertThat(c.engine().resourceManager().preemption()).as("off unless asked for").isFalse();
    assertThat(c.engine().ageing()).isEqualTo(io.taskexec.config.AgeingConfig.DEFAULT);
    assertThat(c.engine().errorHandling()).isEqualTo(TaskExecutionConfig.DEFAULT.engine().errorHandling());
    assertThat(c.monitoring()).isEqualTo(MonitoringConfig.DEFAULT);
    assertThat(c.reporting()).isEqualTo(ReportingConfig.DEFAULT);
  }

  @Test
  void every_key_of_the_specification_is_read() {
    TaskExecutionConfig c = ConfigReader.read(config("full.yaml"));
    EngineConfig e = c.engine();
    assertThat(e.workerPool()).isEqualTo(new WorkerPoolConfig(2, 8, 2.0, Duration.ofSeconds(45)));
    assertThat(e.resourceManager().allocationStrategy()).isEqualTo(PlacementStrategy.SPREAD);
    assertThat(e.resourceManager().overcommitRatio()).isEqualTo(1.5);
    assertThat(e.resourceManager().rebalanceInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(e.resourceManager().localAgent()).isEqualTo(new LocalAgentConfig(12.0, 48.0, 500.0, List.of(0, 1)));
    assertThat(e.resourceManager().resources()).isEqualTo(Map.of("licence", 2, "db-pool", 10));
    assertThat(e.resourceManager().preemption()).isTrue();
    assertThat(e.ageing()).isEqualTo(new io.taskexec.config.AgeingConfig(Duration.ofMinutes(2), 3));
    assertThat(e.stateManager()).isEqualTo(new StateManagerConfig("postgresql", Duration.ofSeconds(60),
        "/var/lib/taskexec", "jdbc:postgresql://db:5432/taskexec"));
    RetryPolicy base = new RetryPolicy(4, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 0.2);
    Set<FailureKind> kinds = Set.of(FailureKind.NONZERO_EXIT, FailureKind.TIMEOUT);
    assertThat(e.errorHandling().defaultStrategy()).isEqualTo(new RecoveryStrategy(RecoveryStrategy.Action.RETRY, base, kinds));
    assertThat(e.errorHandling().forType("shell")).as("a type inherits what it does not set from default")
        .isEqualTo(new RecoveryStrategy(RecoveryStrategy.Action.RETRY,
            new RetryPolicy(6, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 0.2), kinds));
    assertThat(e.errorHandling().forType("report.render").action()).isEqualTo(RecoveryStrategy.Action.SKIP_DEPENDENTS);
    assertThat(e.errorHandling().forType("sleep")).isEqualTo(e.errorHandling().defaultStrategy());
    assertThat(e.deadlinePolicy()).isEqualTo(EngineConfig.DeadlinePolicy.RUN_AND_FLAG);
    assertThat(c.monitoring()).isEqualTo(new MonitoringConfig(Duration.ofSeconds(5), 50, 500, 0.9,
        Duration.ofSeconds(30), Duration.ofMinutes(10)));
    assertThat(c.reporting()).isEqualTo(new ReportingConfig(List.of("json", "html"), "/etc/taskexec/templates", 20,
        5, Duration.ofMillis(500), Duration.ofMinutes(1)));
  }

  @Test
  void an_unknown_key_names_the_file_line_and_key_with_a_did_you_mean() {
    List<Problem> problems = ConfigReader.check(config("unknown-key.yaml"));
    assertThat(problems).extracting(Problem::format).containsExactly(
        config("unknown-key.yaml") + ":5:7: task_execution.engine.worker_pool.max_worker: unknown key 'max_worker'"
            + " — did you mean 'max_workers'? (rename it to 'max_workers'; worker_pool takes: min_workers, max_workers,"
            + " scaling_factor, idle_timeout)",
        config("unknown-key.yaml") + ":6:3: task_execution.monitorin: unknown key 'monitorin'"
            + " — did you mean 'monitoring'? (rename it to 'monitoring'; task_execution takes: engine, monitoring,"
            + " reporting, server, cluster)");
    assertThatThrownBy(() -> ConfigReader.read(config("unknown-key.yaml")))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("2 problems");
  }

  @Test
  void every_bad_value_is_reported_at_once() {
    assertThat(brief(ConfigReader.check(config("bad-values.yaml")))).containsExactly(
        "4:20 task_execution.engine.worker_pool.min_workers: min_workers must be >= 1, got 0",
        "5:20 task_execution.engine.worker_pool.max_workers: max_workers must be a whole number, got the string 'many'",
        "6:23 task_execution.engine.worker_pool.scaling_factor: scaling_factor must be > 1, got 1.0",
        "7:21 task_execution.engine.worker_pool.idle_timeout: idle_timeout: 'soon' is not a duration",
        "9:28 task_execution.engine.resource_manager.allocation_strategy: allocation_strategy 'best-fit' is not one of"
            + " best_fit, first_fit, spread — did you mean 'best_fit'?",
        "10:25 task_execution.engine.resource_manager.overcommit_ratio: overcommit_ratio must be >= 1.0, got 0.5",
        "11:32 task_execution.engine.resource_manager.local_agent.cpu_cores: cpu_cores must be > 0, got the number -1",
        "11:46 task_execution.engine.resource_manager.local_agent.gpus[1]: GPU 0 is listed twice",
        "12:28 task_execution.engine.resource_manager.resources.licence: resource 'licence' must have at least 1 unit, got 0",
        "14:20 task_execution.engine.state_manager.persistence: persistence 'postgres' is not one of sqlite, postgresql,"
            + " memory — did you mean 'postgresql'?",
        "15:22 task_execution.engine.state_manager.sync_interval: sync_interval: a duration must not be negative, got -5",
        "17:48 task_execution.engine.error_handling.default.max_attempts: max_attempts must be >= 1, got 0",
        "17:59 task_execution.engine.error_handling.default.jitter: jitter must be between 0 and 1, got 2.0",
        "17:76 task_execution.engine.error_handling.default.recoverable[0]: recoverable[0] 'nonzero-exit' is not one of"
            + " invalid_spec, no_capacity, timeout, nonzero_exit, handler_exception, lost_worker, cancelled,"
            + " launch_failed, resource_exceeded, preempted — did you mean 'nonzero_exit'?",
        "18:22 task_execution.engine.deadline_policy: deadline_policy 'ignore' is not one of miss, run_and_flag",
        "20:36 task_execution.monitoring.metrics_collection.interval: interval must be > 0",
        "20:51 task_execution.monitoring.metrics_collection.batch_size: batch_size must be a whole number, got 1.5",
        "22:41 task_execution.reporting.report_generation.formats[1]: formats[1] 'docx' is not one of json, html, pdf");
  }

  @Test
  void a_rule_between_two_keys_is_reported_too() {
    assertThat(brief(ConfigReader.check(config("min-above-default-max.yaml")))).containsExactly(
        "4:20 task_execution.engine.worker_pool.min_workers: max_workers (20) must be >= min_workers (30)");
  }

  @Test
  void durations_may_be_seconds_units_or_iso() {
    TaskExecutionConfig c = ConfigReader.read(config("durations.yaml"));
    assertThat(c.engine().workerPool().idleTimeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.engine().resourceManager().rebalanceInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.engine().stateManager().syncInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.monitoring().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.monitoring().checkInterval()).isEqualTo(Duration.ofDays(1));
    assertThat(c.monitoring().cooldownPeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.reporting().retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.reporting().timeout()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void a_json_configuration_works_too() {
    TaskExecutionConfig c = ConfigReader.read(config("config.json"));
    assertThat(c.engine().workerPool().minWorkers()).isEqualTo(3);
    assertThat(c.reporting().formats()).containsExactly("pdf");
  }

  @Test
  void a_configuration_that_is_not_a_map_or_cannot_be_read_says_so() {
    assertThat(brief(ConfigReader.check("- a\n- b\n", "taskexec.yaml"))).containsExactly(
        "1:1 : a configuration file must be a map with task_execution: at the top, got a list");
    assertThatThrownBy(() -> ConfigReader.read(Path.of("nowhere/taskexec.yaml")))
        .isInstanceOf(IngestException.class).hasMessage("cannot read nowhere/taskexec.yaml: no such file");
  }
}
