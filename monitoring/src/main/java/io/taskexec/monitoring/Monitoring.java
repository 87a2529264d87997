package io.taskexec.monitoring;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.HandlerExecutor;
import io.taskexec.store.MetricSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring of one engine: attach it once, scrape it as often as Prometheus likes, close it
 * before the engine.
 *
 * <pre>{@code
 * try (var engine = TaskExecutionEngine.builder().build();
 *      var monitoring = Monitoring.attach(engine, config)) {
 *   monitoring.scrape(out, true); // OpenMetrics text
 * }
 * }</pre>
 *
 * <p>It listens to the engine's events without blocking the engine (a listener call only queues
 * the batch) and does all its work on one thread of its own, {@code taskexec-monitoring}: it
 * follows the events, samples running tasks every {@code metrics_collection.interval}, evaluates
 * the alert rules every {@code alert_management.check_interval}. Scrapes read what that thread
 * last published. Thread-safe.
 */
public final class Monitoring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitoring.class);
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  private static final OpenMetricsTextFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
  /** How long queued events may wait for the monitoring thread (see {@link #onEvents}). */
  static final long DRAIN_DELAY_MS = 20;

  private final TaskExecutionEngine engine;
  private final MonitoringConfig config;
  private final Metrics metrics;
  private final TaskMonitor monitor;
  private final AlertManager alerts;
  private final ScheduledExecutorService thread;
  private final ConcurrentLinkedQueue<List<TaskEvent>> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean closed;
  private com.sun.net.httpserver.HttpServer server;

  private Monitoring(TaskExecutionEngine engine, MonitoringConfig config, List<AlertSink> extraSinks) {
    this.engine = engine;
    this.config = config;
    TaskMonitor[] m = new TaskMonitor[1];
    this.metrics = new Metrics(() -> withStates(m[0].snapshot()), config.prometheus().perTaskLabels());
    this.monitor = m[0] = new TaskMonitor(engine, config, metrics);
    List<AlertSink> sinks = new ArrayList<>();
    for (String target : config.alerts().targets()) {
      switch (target) {
        case "log" -> sinks.add(new LogAlertSink());
        case "webhook" -> sinks.add(new WebhookAlertSink(config.alerts().webhookUrl()));
        case "amqp" -> sinks.add(new AmqpAlertSink(config.alerts().amqpUri()));
        default -> throw new IllegalArgumentException("unknown alert target " + target);
      }
    }
    sinks.addAll(extraSinks);
    this.alerts = new AlertManager(config, engine.clock(), sinks, new AlertManager.Observer() {
      @Override
      public void checked(String rule, boolean holds) {
        metrics.alertFiring.labelValues(rule).set(holds ? 1 : 0);
      }

      @Override
      public void fired(Alert alert) {
        metrics.alerts.labelValues(alert.rule()).inc();
      }
    });
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "taskexec-monitoring");
      t.setDaemon(true);
      return t;
    });
    HandlerExecutor.measureThreads(true);
    engine.addListener(this::onEvents);
    long interval = Math.max(1, config.interval().toMillis());
    thread.scheduleWithFixedDelay(this::sampleSafely, interval, interval, TimeUnit.MILLISECONDS);
    long check = Math.max(1, config.checkInterval().toMillis());
    thread.scheduleWithFixedDelay(this::checkSafely, check, check, TimeUnit.MILLISECONDS);
  }

  /** Attaches to the engine (as an EventListener + a sampler thread) with the config's monitoring section. */
  public static Monitoring attach(TaskExecutionEngine engine, TaskExecutionConfig config) {
    return new Monitoring(engine, config.monitoring(), List.of());
  }

  /** As {@link #attach(TaskExecutionEngine, TaskExecutionConfig)}, with alert targets of the caller's besides the configured ones. */
  public static Monitoring attach(TaskExecutionEngine engine, MonitoringConfig config, List<AlertSink> extraSinks) {
    return new Monitoring(engine, config, extraSinks);
  }

  /** Prometheus/OpenMetrics exposition of everything this monitoring knows; contentType says which. */
  public void scrape(OutputStream out, boolean openMetrics) throws IOException {
    (openMetrics ? OPEN_METRICS : TEXT).write(out, metrics.registry.scrape());
  }

  /** The HTTP Content-Type of {@link #scrape}'s output. */
  public static String contentType(boolean openMetrics) {
    return openMetrics ? OPEN_METRICS.getContentType() : TEXT.getContentType();
  }

  /** Whether a scraper's Accept header asks for OpenMetrics. */
  public static boolean wantsOpenMetrics(String acceptHeader) {
    return acceptHeader != null && OPEN_METRICS.accepts(acceptHeader);
  }

  /** Every metric family the exposition exports (counters with their {@code _total}). */
  public static List<String> metricNames() {
    return Metrics.NAMES;
  }

  // ---- the monitoring thread ------------------------------------------------------------------

  /**
   * The engine's listener: queues the batch and has the monitoring thread take it within
   * {@link #DRAIN_DELAY_MS}; never blocks. Events wait a little so that one wake-up of the
   * monitoring thread takes many scheduler rounds' batches: woken per round, it costs the engine a
   * thread wake-up per round and the machine a context switch. Queries and sampling rounds take
   * the queued events first, so nothing they answer is late.
   */
  private void onEvents(List<TaskEvent> events) {
    if (closed) return;
    inbox.add(events);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        thread.schedule(this::drain, DRAIN_DELAY_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void drain() {
    drainScheduled.set(false);
    int batches = 0;
    List<TaskEvent> b;
    while ((b = inbox.poll()) != null) {
      monitor.onEvents(b);
      // let sampling and checks interleave with a long backlog
      if (++batches >= config.batchSize() && !inbox.isEmpty()) {
        if (drainScheduled.compareAndSet(false, true)) thread.execute(this::drain);
        return;
      }
    }
  }

  private void sampleSafely() {
    try {
      drain();
      monitor.sample();
    } catch (RuntimeException e) {
      log.warn("a sampling round failed", e);
    }
  }

  private void checkSafely() {
    try {
      alerts.check(monitor.alertInputs(engine.clock().now()));
    } catch (RuntimeException e) {
      log.warn("an alert check failed", e);
    }
  }

  private Snapshot withStates(Snapshot s) {
    Map<String, Long> states = new LinkedHashMap<>();
    engine.counts().forEach((state, n) -> states.put(state.name(), n));
    return new Snapshot(s.tasks(), states, s.oldestReadyAgeSeconds(), s.agents(), s.usage());
  }

  /** Runs {@code job} on the monitoring thread and waits for it (queries of its state). */
  private <T> T onThread(java.util.concurrent.Callable<T> job) {
    try {
      return thread.submit(() -> {
        drain();
        return job.call();
      }).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the monitoring thread did not answer: " + e.getMessage(), e);
    }
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** Takes a sampling round now (after the events queued so far) and waits for it. */
  public void sampleNow() {
    onThread(() -> {
      monitor.sample();
      return null;
    });
  }

  /** Evaluates the alert rules now and returns what fired. */
  public List<Alert> checkAlertsNow() {
    return onThread(() -> alerts.check(monitor.alertInputs(engine.clock().now())));
  }

  /**
   * Where each alert rule stands after the latest check (every {@code check_interval}): the rules
   * whose condition holds now first, then those that held before, most recent first. Rules that
   * never held are left out. Reads what the monitoring thread last published; never blocks.
   */
  public List<AlertStatus> alerts() {
    return alerts.statuses();
  }

  /** Requested against used for one task (running or ended), or null when unknown. */
  public TaskUsage usage(String taskId) {
    return onThread(() -> monitor.usage(taskId));
  }

  /** Requested against used per task type, with recommended requests. */
  public List<TypeUsage> usageByType() {
    return onThread(() -> monitor.snapshot().usage());
  }

  /** Statistics (min, max, mean, p50, p95, p99) of a running task's metrics; ended tasks' are in the store. */
  public List<MetricSummary> statistics(String taskId) {
    return onThread(() -> monitor.statistics(taskId));
  }

  /** How many samples of a running task were dropped from its full buffer. */
  public long droppedSamples(String taskId) {
    return onThread(() -> monitor.dropped(taskId));
  }

  /** Samples of a running task still in its buffer, oldest first: (time, metric, value). */
  public List<Map<String, Object>> samples(String taskId) {
    return onThread(() -> monitor.samples(taskId).stream()
        .map(s -> Map.<String, Object>of("at", s.at().toString(), "name", s.name(), "value", s.value())).toList());
  }

  /** Stores the per-task summaries not yet stored (they are written in batches of batch_size). */
  public void flush() {
    onThread(() -> {
      monitor.flushSummaries();
      return null;
    });
  }

  // ---- exposition over HTTP, Pushgateway ---------------------------------------------------------------

  /**
   * Serves {@code GET /metrics} on {@code host:port} (0: any free port) until {@link #close}; the
   * Accept header chooses OpenMetrics or the Prometheus text format. Returns the bound port.
   */
  public synchronized int serve(String host, int port) throws IOException {
    if (server != null) throw new IllegalStateException("already serving on port " + server.getAddress().getPort());
    server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext("/metrics", ex -> {
      try (ex) {
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          ex.sendResponseHeaders(405, -1);
          return;
        }
        boolean om = wantsOpenMetrics(ex.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        scrape(body, om);
        ex.getResponseHeaders().set("Content-Type", contentType(om));
        ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.size());
        if (!"HEAD".equals(ex.getRequestMethod())) body.writeTo(ex.getResponseBody());
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "taskexec-metrics-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server.getAddress().getPort();
  }

  /**
   * Pushes the exposition to a Pushgateway ({@code PUT /metrics/job/<job>}, replacing the job's
   * group), as a short run does at its end. Uses the configured URL and job unless given.
   */
  public void push(String pushgatewayUrl, String job) throws IOException, InterruptedException {
    flushEventsAndSample();
    new Pushgateway(pushgatewayUrl, job == null ? config.prometheus().job() : job).push(this);
  }

  /** Pushes to the configured Pushgateway; does nothing when none is configured. */
  public void pushIfConfigured() throws IOException, InterruptedException {
    String url = config.prometheus().pushgatewayUrl();
    if (url != null) push(url, null);
  }

  private void flushEventsAndSample() {
    if (!closed) sampleNow();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    synchronized (this) {
      if (server != null) server.stop(0);
      server = null;
    }
    try {
      thread.submit(() -> {
        drain();
        monitor.flushSummaries();
      }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("monitoring did not finish its last step: {}", e.toString());
    }
    thread.shutdownNow();
    alerts.close();
    HandlerExecutor.measureThreads(false);
  }

  /** The configuration in use. */
  public MonitoringConfig config() {
    return config;
  }
}
