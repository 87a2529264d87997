package io.taskexec.broker;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskexec.engine.AttemptReport;
import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Requirements;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An agent's own Prometheus metrics, named as the server's monitoring names them so that one
 * dashboard reads both: what the agent offers and has allocated ({@code taskexec_agent_capacity},
 * {@code taskexec_agent_allocated} by resource), its attempts running now by task type, and of the
 * attempts that ended: {@code task_duration_seconds} (histogram) and {@code task_throughput} by type
 * and final state, {@code taskexec_errors} by type and failure kind; plus the reports waiting to
 * be sent. Labels are bounded: the agent, the resource, the state, the failure kind, and the task
 * type, of which the first {@link #MAX_TYPES} seen are kept and the rest counted as {@code _other}.
 * Thread-safe.
 */
public final class AgentMetrics {
  /** Distinct task types kept as label values; later ones are {@code _other}. */
  static final int MAX_TYPES = 100;
  private static final double[] DURATION_BUCKETS = {0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600};
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  private static final OpenMetricsTextFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

  /** One attempt running on the agent now. */
  public record Running(String type, Requirements resources, int gpus) {}

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Set<String> types = ConcurrentHashMap.newKeySet();
  private final String agent;
  private final Histogram duration = Histogram.builder().name("task_duration_seconds")
      .help("How long attempts ran on this agent, from their start to their end, by type and final state")
      .labelNames("agent", "type", "state").classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry);
  private final Counter throughput = Counter.builder().name("task_throughput")
      .help("Attempts that ended on this agent, by type and final state").labelNames("agent", "type", "state").register(registry);
  private final Counter errors = Counter.builder().name("taskexec_errors")
      .help("Failed attempts on this agent by type and failure kind").labelNames("agent", "type", "kind").register(registry);
  private final Counter placements = Counter.builder().name("taskexec_agent_placements")
      .help("Placements this agent took (redeliveries not counted)").labelNames("agent").register(registry);

  /**
   * @param running the attempts running now (read at each scrape)
   * @param unsent how many reports wait to be sent to the coordinator (read at each scrape)
   */
  AgentMetrics(AgentSpec spec, Supplier<Collection<Running>> running, Supplier<Integer> unsent) {
    this.agent = spec.id();
    Map<String, Double> capacity = new LinkedHashMap<>();
    capacity.put("cpu_cores", spec.cpuCores());
    capacity.put("memory_gb", spec.memoryGb());
    capacity.put("storage_gb", spec.storageGb());
    capacity.put("gpus", (double) spec.gpuIndices().size());
    GaugeWithCallback.builder().name("taskexec_agent_capacity")
        .help("What this agent offers, by resource (cpu_cores, memory_gb, storage_gb, gpus)").labelNames("agent", "resource")
        .callback(cb -> capacity.forEach((r, v) -> cb.call(v, agent, r))).register(registry);
    GaugeWithCallback.builder().name("taskexec_agent_allocated")
        .help("What this agent's running attempts hold, by resource").labelNames("agent", "resource")
        .callback(cb -> {
          double cpu = 0, mem = 0, disk = 0, gpus = 0;
          for (Running r : running.get()) {
            cpu += r.resources().cpuCores();
            mem += r.resources().memoryGb();
            disk += r.resources().storageGb();
            gpus += r.gpus();
          }
          cb.call(cpu, agent, "cpu_cores");
          cb.call(mem, agent, "memory_gb");
          cb.call(disk, agent, "storage_gb");
          cb.call(gpus, agent, "gpus");
        }).register(registry);
    GaugeWithCallback.builder().name("taskexec_agent_running")
        .help("Attempts running (or waiting for a worker) on this agent now, by type").labelNames("agent", "type")
        .callback(cb -> {
          Map<String, Integer> byType = new LinkedHashMap<>();
          for (Running r : running.get()) byType.merge(type(r.type()), 1, Integer::sum);
          byType.forEach((t, n) -> cb.call(n, agent, t));
        }).register(registry);
    GaugeWithCallback.builder().name("taskexec_agent_reports_unsent")
        .help("Reports (starts, progress, samples, ends) waiting to be sent to the coordinator").labelNames("agent")
        .callback(cb -> cb.call(unsent.get(), agent)).register(registry);
  }

  void placed() {
    placements.labelValues(agent).inc();
  }

  /** Counts an attempt that ended ({@code type} is its task's type). */
  void ended(String type, AttemptReport.Ended e) {
    String t = type(type);
    String state = switch (e.result()) {
      case AttemptResult.Success s -> "SUCCEEDED";
      case AttemptResult.Failure f -> f.kind() == FailureKind.TIMEOUT ? "TIMED_OUT"
          : f.kind() == FailureKind.CANCELLED ? "CANCELLED" : "FAILED";
    };
    if (e.startedAt() != null)
      duration.labelValues(agent, t, state).observe(Duration.between(e.startedAt(), e.endedAt()).toNanos() / 1e9);
    throughput.labelValues(agent, t, state).inc();
    if (e.result() instanceof AttemptResult.Failure f) errors.labelValues(agent, t, f.kind().name()).inc();
  }

  /** The type as a label value: one of the first {@link #MAX_TYPES} seen, else {@code _other}. */
  private String type(String type) {
    if (types.contains(type)) return type;
    synchronized (types) {
      if (types.size() < MAX_TYPES) {
        types.add(type);
        return type;
      }
    }
    return types.contains(type) ? type : "_other";
  }

  /** The exposition: OpenMetrics text when {@code openMetrics}, else Prometheus text. */
  public void scrape(OutputStream out, boolean openMetrics) throws IOException {
    (openMetrics ? OPEN_METRICS : TEXT).write(out, registry.scrape());
  }

  public static String contentType(boolean openMetrics) {
    return openMetrics ? OPEN_METRICS.getContentType() : TEXT.getContentType();
  }

  /** Whether a scraper's Accept header asks for OpenMetrics. */
  public static boolean wantsOpenMetrics(String accept) {
    return accept != null && OPEN_METRICS.accepts(accept);
  }
}
