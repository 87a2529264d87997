package io.taskexec.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.taskexec.error.FailureKind;
import io.taskexec.task.TaskState;

/**
 * The Prometheus series of one task type, each resolved once. A {@code labelValues} call
 * searches the metric's children by a list of label values: done per event, at hundreds of
 * thousands of events a second, it was a good part of what monitoring cost the engine. Series by
 * state or failure kind are resolved on first use and kept by ordinal. Monitoring thread only.
 */
final class TypeSeries {
  final String type;
  final UsageBook.PerType usage;
  final DistributionDataPoint queueWait;
  final DistributionDataPoint schedulingLatency;
  final CounterDataPoint retries;
  final CounterDataPoint deadlineMisses;
  final CounterDataPoint cpuSeconds;
  final CounterDataPoint requestedCpuSeconds;
  private final Metrics metrics;
  private final CounterDataPoint[] throughput = new CounterDataPoint[TaskState.values().length];
  private final DistributionDataPoint[] duration = new DistributionDataPoint[TaskState.values().length];
  private final CounterDataPoint[] errors = new CounterDataPoint[FailureKind.values().length];

  TypeSeries(String type, Metrics metrics, UsageBook usage) {
    this.type = type;
    this.metrics = metrics;
    this.usage = usage.of(type);
    this.queueWait = metrics.queueWait.labelValues(type);
    this.schedulingLatency = metrics.schedulingLatency.labelValues(type);
    this.retries = metrics.retries.labelValues(type);
    this.deadlineMisses = metrics.deadlineMisses.labelValues(type);
    this.cpuSeconds = metrics.cpuSeconds.labelValues(type);
    this.requestedCpuSeconds = metrics.requestedCpuSeconds.labelValues(type);
  }

  /** {@code task_throughput{type, state}}. */
  CounterDataPoint throughput(TaskState state) {
    CounterDataPoint c = throughput[state.ordinal()];
    return c != null ? c : (throughput[state.ordinal()] = metrics.throughput.labelValues(type, state.name()));
  }

  /** {@code task_duration_seconds{type, state}}. */
  DistributionDataPoint duration(TaskState state) {
    DistributionDataPoint d = duration[state.ordinal()];
    return d != null ? d : (duration[state.ordinal()] = metrics.duration.labelValues(type, state.name()));
  }

  /** {@code taskexec_errors_total{type, kind}}. */
  CounterDataPoint errors(FailureKind kind) {
    CounterDataPoint c = errors[kind.ordinal()];
    return c != null ? c : (errors[kind.ordinal()] = metrics.errors.labelValues(type, kind.name()));
  }
}
