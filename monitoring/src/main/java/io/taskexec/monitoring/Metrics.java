package io.taskexec.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every metric the exposition exports, registered in one registry. Names follow the
 * specification ({@code task_duration_seconds}, {@code task_cpu_usage_percent},
 * {@code task_memory_usage_bytes}, {@code task_throughput}); engine-wide ones start with
 * {@code taskexec_}. Labels are bounded: task type, state, agent, resource, failure kind, rule;
 * {@code task_id} only where configured, capped. {@link #NAMES} lists every family (the
 * dashboards' test checks their queries against it). The series updated per task have no
 * exemplars: there is no trace to point to, and sampling for them costs time per event.
 */
final class Metrics {
  /** Every metric family name as it appears in the exposition (counters with {@code _total}). */
  static final List<String> NAMES = List.of(
      "task_duration_seconds", "task_cpu_usage_percent", "task_memory_usage_bytes", "task_throughput_total",
      "task_progress_ratio", "task_cpu_seconds_total", "task_requested_cpu_seconds_total",
      "task_memory_peak_bytes", "task_memory_requested_bytes", "task_memory_recommended_bytes",
      "task_cpu_recommended_cores", "task_metric", "taskexec_tasks", "taskexec_queue_oldest_age_seconds",
      "taskexec_queue_wait_seconds", "taskexec_scheduling_latency_seconds", "taskexec_agents",
      "taskexec_agent_capacity", "taskexec_agent_allocated", "taskexec_agents_lost_total", "taskexec_retries_total",
      "taskexec_errors_total", "taskexec_deadline_misses_total", "taskexec_deadline_risks_total", "taskexec_alerts_total", "taskexec_alert_firing",
      "taskexec_monitoring_samples_total", "taskexec_monitoring_samples_dropped_total",
      "taskexec_monitoring_round_seconds");

  private static final double[] DURATION_BUCKETS = {0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600};
  private static final double[] LATENCY_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

  final PrometheusRegistry registry = new PrometheusRegistry();
  final Histogram duration = Histogram.builder().name("task_duration_seconds")
      .help("How long tasks ran, from their first start to their end, by type and final state")
      .labelNames("type", "state").classicOnly().classicUpperBounds(DURATION_BUCKETS).withoutExemplars().register(registry);
  final Counter throughput = Counter.builder().name("task_throughput")
      .help("Tasks that ended, by type and final state").labelNames("type", "state").withoutExemplars().register(registry);
  final Counter cpuSeconds = Counter.builder().name("task_cpu_seconds")
      .help("Cpu time tasks used (process trees of shell tasks, threads of Java handlers), by type")
      .labelNames("type").withoutExemplars().register(registry);
  final Counter requestedCpuSeconds = Counter.builder().name("task_requested_cpu_seconds")
      .help("Cpu time tasks asked for: requested cores times how long they ran, by type")
      .labelNames("type").withoutExemplars().register(registry);
  final Gauge taskMetric = Gauge.builder().name("task_metric")
      .help("The last value of a metric tasks report (ExecutionContext.metric, ::metric lines), by type and name")
      .labelNames("type", "name").register(registry);
  final Histogram queueWait = Histogram.builder().name("taskexec_queue_wait_seconds")
      .help("How long ready tasks waited for a placement, by type")
      .labelNames("type").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
  final Histogram schedulingLatency = Histogram.builder().name("taskexec_scheduling_latency_seconds")
      .help("From submission to first start, by type")
      .labelNames("type").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
  final Counter agentsLost = Counter.builder().name("taskexec_agents_lost")
      .help("Agents that went away while they held attempts").register(registry);
  final Counter retries = Counter.builder().name("taskexec_retries")
      .help("Attempts that failed and were retried, by type").labelNames("type").withoutExemplars().register(registry);
  final Counter errors = Counter.builder().name("taskexec_errors")
      .help("Failed attempts by type and failure kind (NONZERO_EXIT, TIMEOUT, RESOURCE_EXCEEDED...)")
      .labelNames("type", "kind").withoutExemplars().register(registry);
  final Counter deadlineMisses = Counter.builder().name("taskexec_deadline_misses")
      .help("Tasks that missed their deadline, by type").labelNames("type").withoutExemplars().register(registry);
  final Counter deadlineRisks = Counter.builder().name("taskexec_deadline_risks")
      .help("Tasks flagged because their deadline cannot be met by the estimates, by type").labelNames("type")
      .withoutExemplars().register(registry);
  final Counter alerts = Counter.builder().name("taskexec_alerts")
      .help("Alerts fired, by rule").labelNames("rule").register(registry);
  final Gauge alertFiring = Gauge.builder().name("taskexec_alert_firing")
      .help("1 while an alert rule's condition holds, by rule").labelNames("rule").register(registry);
  final Counter samples = Counter.builder().name("taskexec_monitoring_samples")
      .help("Samples taken or reported").withoutExemplars().register(registry);
  final Counter samplesDropped = Counter.builder().name("taskexec_monitoring_samples_dropped")
      .help("Samples dropped from full per-task buffers (the oldest go first)").withoutExemplars().register(registry);
  final Gauge roundSeconds = Gauge.builder().name("taskexec_monitoring_round_seconds")
      .help("How long the last sampling round took").register(registry);

  /** Gauges computed elsewhere and read at scrape time. */
  Metrics(Supplier<Snapshot> snapshot, boolean perTaskLabels) {
    String[] taskLabels = perTaskLabels ? new String[] {"type", "task_id"} : new String[] {"type"};
    GaugeWithCallback.builder().name("task_cpu_usage_percent")
        .help("Cpu use of running tasks in percent of one core" + (perTaskLabels ? ", by task (capped; the rest as _other)" : ", summed by type"))
        .labelNames(taskLabels).callback(cb -> snapshot.get().tasks().forEach(t -> cb.call(t.cpuPercent(), t.labels(perTaskLabels))))
        .register(registry);
    GaugeWithCallback.builder().name("task_memory_usage_bytes")
        .help("Resident memory of running tasks' process trees" + (perTaskLabels ? ", by task" : ", summed by type"))
        .labelNames(taskLabels).callback(cb -> snapshot.get().tasks().forEach(t -> cb.call(t.rssBytes(), t.labels(perTaskLabels))))
        .register(registry);
    GaugeWithCallback.builder().name("task_progress_ratio")
        .help("Progress of running tasks in [0, 1]" + (perTaskLabels ? ", by task" : ", mean by type"))
        .labelNames(taskLabels).callback(cb -> snapshot.get().tasks().forEach(t -> cb.call(t.progress(), t.labels(perTaskLabels))))
        .register(registry);
    GaugeWithCallback.builder().name("taskexec_tasks").help("Tasks by state now").labelNames("state")
        .callback(cb -> snapshot.get().states().forEach((s, n) -> cb.call(n, s))).register(registry);
    GaugeWithCallback.builder().name("taskexec_queue_oldest_age_seconds")
        .help("How long the oldest ready task has waited for a placement (0 when none waits)")
        .callback(cb -> cb.call(snapshot.get().oldestReadyAgeSeconds())).register(registry);
    GaugeWithCallback.builder().name("taskexec_agents").help("Agents known now")
        .callback(cb -> cb.call(snapshot.get().agents().size())).register(registry);
    GaugeWithCallback.builder().name("taskexec_agent_capacity").help("What each agent offers, by resource (cpu_cores, memory_gb, storage_gb, gpus)")
        .labelNames("agent", "resource")
        .callback(cb -> snapshot.get().agents().forEach(a -> a.capacity().forEach((r, v) -> cb.call(v, a.id(), r))))
        .register(registry);
    GaugeWithCallback.builder().name("taskexec_agent_allocated").help("What each agent has allocated to attempts now, by resource")
        .labelNames("agent", "resource")
        .callback(cb -> snapshot.get().agents().forEach(a -> a.allocated().forEach((r, v) -> cb.call(v, a.id(), r))))
        .register(registry);
    GaugeWithCallback.builder().name("task_memory_peak_bytes").help("p95 over ended tasks of a type of their peak resident memory")
        .labelNames("type").callback(cb -> snapshot.get().usage().forEach(u -> cb.call(u.peakMemoryP95Bytes(), u.type())))
        .register(registry);
    GaugeWithCallback.builder().name("task_memory_requested_bytes").help("Memory the last ended task of a type asked for")
        .labelNames("type").callback(cb -> snapshot.get().usage().forEach(u -> cb.call(u.requestedMemoryBytes(), u.type())))
        .register(registry);
    GaugeWithCallback.builder().name("task_memory_recommended_bytes").help("Recommended memory request of a type: p95 of peak use plus headroom")
        .labelNames("type").callback(cb -> snapshot.get().usage().forEach(u -> cb.call(u.recommendedMemoryBytes(), u.type())))
        .register(registry);
    GaugeWithCallback.builder().name("task_cpu_recommended_cores").help("Recommended cpu request of a type: p95 of mean cores used plus headroom")
        .labelNames("type").callback(cb -> snapshot.get().usage().forEach(u -> cb.call(u.recommendedCpuCores(), u.type())))
        .register(registry);
  }
}
