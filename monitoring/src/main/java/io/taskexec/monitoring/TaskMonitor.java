package io.taskexec.monitoring;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.RunningAttempt;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.MetricSummary;
import io.taskexec.task.Requirements;
import io.taskexec.task.TaskState;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring thread's view of the engine: follows every task through its events, samples
 * running attempts (process trees from {@code /proc}, handler threads from the ThreadMXBean),
 * keeps per-metric statistics, enforces memory limits, stores each task's summary at its end and
 * publishes an immutable {@link Snapshot} for scrapes. Confined to the monitoring thread: no
 * locks, and nothing here runs on the engine's scheduler thread.
 */
final class TaskMonitor {
  private static final Logger log = LoggerFactory.getLogger(TaskMonitor.class);
  static final double GIB = 1L << 30;
  /** Task-reported metric names exported as {@code task_metric} labels; more are kept but not exported. */
  private static final int MAX_EXPORTED_NAMES = 100;

  private final TaskExecutionEngine engine;
  private final MonitoringConfig config;
  private final Metrics metrics;
  private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean procAvailable = ProcTable.available();
  private final Map<String, Info> open = new HashMap<>();
  /** Ready tasks by when they became ready, oldest first (events come in order). */
  private final LinkedHashMap<String, Instant> ready = new LinkedHashMap<>();
  /** Per agent: cpu cores, memory GB, storage GB, GPUs allocated now. */
  private final Map<String, double[]> allocated = new HashMap<>();
  private final UsageBook usage;
  private final Map<String, TaskUsage> ended = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TaskUsage> e) {
      return size() > 10_000;
    }
  };
  private final List<MetricSummary> pending = new ArrayList<>();
  private final Set<String> exportedNames = new HashSet<>();
  private Set<String> knownAgents = new HashSet<>();
  private long lastReaped = ProcTable.available() ? ProcTable.reapedChildrenCpuNanos() : 0;
  private boolean storeWarned;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  final AlertInputs.Window window = new AlertInputs.Window();

  TaskMonitor(TaskExecutionEngine engine, MonitoringConfig config, Metrics metrics) {
    this.engine = engine;
    this.config = config;
    this.metrics = metrics;
    this.usage = new UsageBook(config.limits().recommendationHeadroom());
    for (AgentSpec a : engine.agents()) knownAgents.add(a.id());
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** One task as the monitor follows it, from submission to its end. */
  private static final class Info {
    final String id;
    final String type;
    Requirements requirements;
    Instant submittedAt;
    Instant firstStartedAt;
    Instant startedAt;
    String agent;
    Requirements allocatedAs;
    Live live;
    long cpuNanos;
    long peakRss;
    long allocatedBytes;
    double runSeconds;
    double progress;
    Map<String, MetricStats> stats;
    SampleBuffer buffer;

    Info(String id, String type, Requirements requirements) {
      this.id = id;
      this.type = type;
      this.requirements = requirements;
    }
  }

  /** The sampling state of a running attempt. */
  private static final class Live {
    final int attempt;
    long pid = -1;
    ProcessHandle process;
    long threadId = -1;
    /** Cpu of the attempt so far (ns): cumulative over its process tree, or its thread since first seen. */
    long cpuNanos;
    long lastCpu = -1;
    long lastWall;
    long threadBase = -1;
    long allocBase = -1;
    double cpuPercent;
    long rss;
    boolean exactCpu;
    boolean tailDone;
    boolean killed;

    Live(int attempt) {
      this.attempt = attempt;
    }
  }

  // ---- events ---------------------------------------------------------------------------------

  void onEvents(List<TaskEvent> events) {
    for (TaskEvent e : events) {
      try {
        on(e);
      } catch (RuntimeException ex) {
        log.warn("monitoring could not follow event {} of {}", e.type(), e.taskId(), ex);
      }
    }
  }

  private void on(TaskEvent e) {
    Info t = open.get(e.taskId());
    if (t == null) {
      if (e.state().isTerminal() && e.type() != EventType.SUBMITTED && e.type() != EventType.DEADLINE_MISSED) {
        countEnd(null, e);
        return;
      }
      t = track(e.taskId());
      open.put(t.id, t);
    }
    switch (e.type()) {
      case SUBMITTED -> t.submittedAt = e.at();
      case READY -> becameReady(t, e.at());
      case REQUEUED -> {
        endAttempt(t, e.at());
        release(t);
        if (e.failure() == FailureKind.LOST_WORKER) window.lostAttempts++;
        becameReady(t, e.at());
      }
      case PLACED -> {
        Instant r = ready.remove(t.id);
        if (r != null) metrics.queueWait.labelValues(t.type).observe(seconds(r, e.at()));
        t.agent = e.agentId();
        allocate(t);
      }
      case STARTED -> {
        if (t.firstStartedAt == null) {
          t.firstStartedAt = e.at();
          if (t.submittedAt != null) metrics.schedulingLatency.labelValues(t.type).observe(seconds(t.submittedAt, e.at()));
        }
        t.startedAt = e.at();
        t.live = new Live(e.attempt());
        if (Boolean.TRUE.equals(e.data().get("deadline_missed"))) { // run_and_flag: it runs, late
          metrics.deadlineMisses.labelValues(t.type).inc();
          window.deadlineMisses++;
        }
      }
      case LAUNCHED -> {
        if (t.live != null && !Boolean.TRUE.equals(e.data().get("remote")) && e.data().get("pid") instanceof Number pid) {
          t.live.pid = pid.longValue();
        }
      }
      case PROGRESS -> {
        if (e.data().get("progress") instanceof Number p) t.progress = p.doubleValue();
      }
      case SAMPLE -> {
        if (e.data().get("name") instanceof String name && e.data().get("value") instanceof Number v) {
          reported(t, e.at(), name, v.doubleValue());
        }
      }
      case RETRYING -> {
        metrics.retries.labelValues(t.type).inc();
        if (e.failure() != null) metrics.errors.labelValues(t.type, e.failure().name()).inc();
        window.endedAttempts++;
        window.failedAttempts++;
        endAttempt(t, e.at());
        release(t);
      }
      case DEADLINE_MISSED -> {
        metrics.deadlineMisses.labelValues(t.type).inc();
        window.deadlineMisses++;
        if (e.state().isTerminal()) finish(t, e);
      }
      default -> {
        if (e.state().isTerminal()) finish(t, e);
      }
    }
  }

  private Info track(String id) {
    Optional<TaskSnapshot> s = engine.task(id);
    return s.map(x -> new Info(id, x.task().type(), x.task().requirements())).orElseGet(() -> new Info(id, "unknown", Requirements.NONE));
  }

  private void becameReady(Info t, Instant at) {
    ready.remove(t.id);
    ready.put(t.id, at);
  }

  private void finish(Info t, TaskEvent e) {
    boolean wasRunning = t.live != null;
    endAttempt(t, e.at());
    release(t);
    ready.remove(t.id);
    open.remove(t.id);
    if (wasRunning) window.endedAttempts++;
    countEnd(t, e);
    if (t.firstStartedAt != null) {
      metrics.duration.labelValues(t.type, e.state().name()).observe(seconds(t.firstStartedAt, e.at()));
      TaskUsage u = new TaskUsage(t.id, t.type, t.cpuNanos / 1e9, t.peakRss, t.allocatedBytes, t.runSeconds,
          t.requirements.cpuCores(), t.requirements.memoryGb());
      ended.put(t.id, u);
      usage.add(u, t.requirements);
      metrics.cpuSeconds.labelValues(t.type).inc(u.cpuSeconds());
      metrics.requestedCpuSeconds.labelValues(t.type).inc(t.requirements.cpuCores() * t.runSeconds);
      summarise(t, u);
    }
  }

  private void countEnd(Info t, TaskEvent e) {
    String type = t != null ? t.type : engine.task(e.taskId()).map(s -> s.task().type()).orElse("unknown");
    metrics.throughput.labelValues(type, e.state().name()).inc();
    FailureKind f = e.failure();
    if (f != null && f != FailureKind.CANCELLED) metrics.errors.labelValues(type, f.name()).inc();
    if (e.state() == TaskState.FAILED || e.state() == TaskState.TIMED_OUT) window.failedAttempts++;
  }

  /** The attempt ended: its last cpu seconds are taken from the reaped process, its time added up. */
  private void endAttempt(Info t, Instant at) {
    Live l = t.live;
    if (l == null) return;
    if (l.pid > 0 && !l.tailDone) reap();
    t.cpuNanos += l.cpuNanos;
    if (t.startedAt != null) t.runSeconds += seconds(t.startedAt, at);
    t.live = null;
  }

  private void reported(Info t, Instant at, String name, double value) {
    Live l = t.live;
    // the exact figures a Java handler's executor reports at its end
    if (l != null && name.equals("cpu_seconds") && l.pid < 0) {
      l.cpuNanos = (long) (value * 1e9);
      l.exactCpu = true;
      return;
    }
    if (name.equals("allocated_bytes") && (l == null || l.pid < 0)) {
      t.allocatedBytes = Math.max(t.allocatedBytes, (long) value);
      return;
    }
    record(t, at, name, value);
    if (exportedNames.size() < MAX_EXPORTED_NAMES || exportedNames.contains(name)) {
      exportedNames.add(name);
      metrics.taskMetric.labelValues(t.type, name).set(value);
    }
  }

  private void record(Info t, Instant at, String name, double value) {
    if (t.stats == null) {
      t.stats = new TreeMap<>();
      t.buffer = new SampleBuffer(config.bufferSize());
    }
    t.stats.computeIfAbsent(name, k -> new MetricStats()).record(value);
    long before = t.buffer.dropped();
    t.buffer.add(new SampleBuffer.Sample(at, name, value));
    metrics.samples.inc();
    if (t.buffer.dropped() > before) metrics.samplesDropped.inc();
  }

  // ---- allocation -------------------------------------------------------------------------------

  private void allocate(Info t) {
    if (t.agent == null) return;
    add(allocated.computeIfAbsent(t.agent, k -> new double[4]), t.requirements, 1);
    t.allocatedAs = t.requirements;
  }

  private void release(Info t) {
    Requirements r = t.allocatedAs;
    if (r == null || t.agent == null) return;
    double[] a = allocated.get(t.agent);
    if (a != null) add(a, r, -1);
    t.allocatedAs = null;
  }

  private static void add(double[] a, Requirements r, int sign) {
    a[0] += sign * r.cpuCores();
    a[1] += sign * r.memoryGb();
    a[2] += sign * r.storageGb();
    a[3] += sign * r.gpuUnits();
  }

  // ---- sampling ---------------------------------------------------------------------------------

  /** One sampling round: every running attempt, then the snapshot for scrapes. */
  void sample() {
    long t0 = System.nanoTime();
    List<RunningAttempt> running = engine.running();
    ProcTable table = null;
    if (procAvailable) {
      for (RunningAttempt ra : running) {
        if (ra.process() != null) {
          table = ProcTable.read();
          break;
        }
      }
      reap();
    }
    Instant now = engine.clock().now();
    long wall = System.nanoTime();
    List<Info> byThread = new ArrayList<>();
    List<Long> threadIds = new ArrayList<>();
    for (RunningAttempt ra : running) {
      Info t = open.get(ra.taskId());
      if (t == null || t.live == null || t.live.attempt != ra.attempt()) continue; // events not seen yet
      t.requirements = ra.requirements();
      Live l = t.live;
      if (ra.process() != null) {
        l.process = ra.process();
        l.pid = ra.process().pid();
        if (table != null) sampleProcess(t, l, table, wall, now);
      } else if (!"shell".equals(ra.type()) && ra.threadId() >= 0) {
        byThread.add(t);
        threadIds.add(ra.threadId());
      }
    }
    if (!byThread.isEmpty()) sampleThreads(byThread, threadIds, wall, now);
    agents();
    flushSummaries();
    snapshot = buildSnapshot(now);
    metrics.roundSeconds.set((System.nanoTime() - t0) / 1e9);
  }

  private void sampleProcess(Info t, Live l, ProcTable table, long wall, Instant now) {
    ProcTable.Usage u = table.tree(l.pid);
    if (u == null) return; // ended since the listing
    if (l.lastCpu >= 0 && wall > l.lastWall) {
      l.cpuPercent = 100.0 * (u.cpuNanos() - l.lastCpu) / (wall - l.lastWall);
    } else if (t.startedAt != null) {
      double ran = seconds(t.startedAt, now);
      l.cpuPercent = ran > 0 ? 100.0 * u.cpuNanos() / 1e9 / ran : 0;
    }
    l.lastCpu = u.cpuNanos();
    l.lastWall = wall;
    l.cpuNanos = u.cpuNanos();
    l.rss = u.rssBytes();
    t.peakRss = Math.max(t.peakRss, u.rssBytes());
    record(t, now, "cpu_percent", l.cpuPercent);
    record(t, now, "memory_bytes", u.rssBytes());
    enforceMemory(t, l);
  }

  /** Handler threads, read in bulk: one pass over the JVM's threads rather than one per thread. */
  private void sampleThreads(List<Info> tasks, List<Long> ids, long wall, Instant now) {
    if (!threads.isThreadCpuTimeSupported()) return;
    long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
    long[] cpus;
    long[] allocs = null;
    if (threads instanceof com.sun.management.ThreadMXBean sun) {
      cpus = sun.getThreadCpuTime(idArray);
      if (sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) allocs = sun.getThreadAllocatedBytes(idArray);
    } else {
      cpus = new long[idArray.length];
      for (int i = 0; i < idArray.length; i++) cpus[i] = threads.getThreadCpuTime(idArray[i]);
    }
    for (int i = 0; i < tasks.size(); i++) {
      sampleThread(tasks.get(i), tasks.get(i).live, cpus[i], allocs == null ? -1 : allocs[i], wall, now);
    }
  }

  private void sampleThread(Info t, Live l, long cpu, long alloc, long wall, Instant now) {
    if (cpu < 0) return;
    if (l.threadBase < 0) {
      l.threadBase = cpu;
      l.allocBase = alloc;
    } else if (wall > l.lastWall) {
      l.cpuPercent = 100.0 * (cpu - l.lastCpu) / (wall - l.lastWall);
      record(t, now, "cpu_percent", l.cpuPercent);
    }
    l.lastCpu = cpu;
    l.lastWall = wall;
    if (!l.exactCpu) l.cpuNanos = cpu - l.threadBase;
    if (alloc >= 0 && l.allocBase >= 0) {
      t.allocatedBytes = Math.max(t.allocatedBytes, alloc - l.allocBase);
      record(t, now, "allocated_bytes", alloc - l.allocBase);
    }
  }

  /**
   * A shell attempt over its memory (memory_gb × (1 + tolerance)) is stopped as
   * RESOURCE_EXCEEDED; a retry, if its recovery strategy allows one, asks for memory × factor,
   * up to the cap.
   */
  private void enforceMemory(Info t, Live l) {
    MonitoringConfig.Limits lim = config.limits();
    Requirements r = t.requirements;
    if (!lim.enforceMemory() || l.killed || !(r.memoryGb() > 0)) return;
    double limit = r.memoryGb() * GIB * (1 + lim.memoryTolerance());
    if (l.rss <= limit) return;
    l.killed = true;
    double next = Math.round(Math.min(r.memoryGb() * lim.memoryRetryFactor(), lim.memoryRetryCapGb()) * 1e6) / 1e6;
    Requirements retry = next > r.memoryGb() ? new Requirements(r.cpuCores(), next, r.storageGb(), r.gpuUnits()) : null;
    String why = String.format(java.util.Locale.ROOT,
        "resident memory %.2f GiB went over its limit %.2f GiB (memory_gb %s + %.0f%% tolerance)%s",
        l.rss / GIB, limit / GIB, trim(r.memoryGb()), lim.memoryTolerance() * 100,
        retry == null ? "" : "; if retried it asks for " + trim(next) + " GB");
    log.warn("task {} attempt {}: {}", t.id, l.attempt, why);
    engine.kill(t.id, l.attempt, FailureKind.RESOURCE_EXCEEDED, why, retry);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Takes the cpu time of processes this JVM reaped since the last call (the last seconds of
   * finished shell attempts, after their last sample) and gives it to the attempts whose process
   * is gone, in proportion to their last cpu use. One attempt ending alone gets it exactly.
   */
  private void reap() {
    if (!procAvailable) return;
    long now = ProcTable.reapedChildrenCpuNanos();
    long delta = now - lastReaped;
    lastReaped = now;
    List<Live> dead = new ArrayList<>();
    long known = 0;
    double weights = 0;
    for (Info t : open.values()) {
      Live l = t.live;
      if (l == null || l.pid <= 0 || l.tailDone) continue;
      boolean alive = l.process != null ? l.process.isAlive() : ProcessHandle.of(l.pid).map(ProcessHandle::isAlive).orElse(false);
      if (alive) continue;
      l.tailDone = true;
      dead.add(l);
      known += l.cpuNanos;
      weights += Math.max(1, l.cpuPercent);
    }
    long extra = delta - known;
    if (dead.isEmpty() || extra <= 0) return;
    for (Live l : dead) l.cpuNanos += (long) (extra * Math.max(1, l.cpuPercent) / weights);
  }

  private void agents() {
    Set<String> now = new HashSet<>();
    for (AgentSpec a : engine.agents()) now.add(a.id());
    for (String id : knownAgents) {
      if (!now.contains(id)) {
        metrics.agentsLost.inc();
        window.lostAgents++;
        log.warn("agent {} is gone", id);
      }
    }
    knownAgents = now;
  }

  private Snapshot buildSnapshot(Instant now) {
    boolean perTask = config.prometheus().perTaskLabels();
    int cap = config.prometheus().perTaskLabelCap();
    List<Snapshot.TaskRow> rows = new ArrayList<>();
    Map<String, double[]> byType = new TreeMap<>();
    int labelled = 0;
    for (Info t : open.values()) {
      Live l = t.live;
      if (l == null) continue;
      String key = t.type;
      if (perTask && labelled < cap) {
        rows.add(new Snapshot.TaskRow(t.type, t.id, l.cpuPercent, l.rss, t.progress));
        labelled++;
        continue;
      }
      if (perTask) key = t.type + "\u0000_other";
      double[] sum = byType.computeIfAbsent(key, k -> new double[4]);
      sum[0] += l.cpuPercent;
      sum[1] += l.rss;
      sum[2] += t.progress;
      sum[3]++;
    }
    byType.forEach((k, s) -> {
      int z = k.indexOf('\u0000');
      rows.add(new Snapshot.TaskRow(z < 0 ? k : k.substring(0, z), z < 0 ? null : "_other", s[0], s[1], s[2] / s[3]));
    });
    List<Snapshot.AgentRow> agentRows = new ArrayList<>();
    for (AgentSpec a : engine.agents()) {
      Map<String, Double> cap2 = new TreeMap<>(Map.of("cpu_cores", a.cpuCores(), "memory_gb", a.memoryGb(),
          "storage_gb", a.storageGb(), "gpus", (double) a.gpuCount()));
      double[] v = allocated.getOrDefault(a.id(), new double[4]);
      Map<String, Double> alloc = new TreeMap<>(Map.of("cpu_cores", Math.max(0, v[0]), "memory_gb", Math.max(0, v[1]),
          "storage_gb", Math.max(0, v[2]), "gpus", Math.max(0, v[3])));
      agentRows.add(new Snapshot.AgentRow(a.id(), cap2, alloc));
    }
    double oldest = ready.isEmpty() ? 0 : Math.max(0, seconds(ready.values().iterator().next(), now));
    return new Snapshot(List.copyOf(rows), Map.of(), oldest, List.copyOf(agentRows), usage.all());
  }

  // ---- summaries ----------------------------------------------------------------------------------

  private void summarise(Info t, TaskUsage u) {
    if (t.stats != null) t.stats.forEach((name, s) -> pending.add(s.summary(t.id, name)));
    pending.add(single(t.id, "cpu_seconds", u.cpuSeconds()));
    pending.add(single(t.id, "duration_seconds", u.runSeconds()));
    if (u.peakMemoryBytes() > 0) pending.add(single(t.id, "memory_peak_bytes", u.peakMemoryBytes()));
    if (u.allocatedBytes() > 0) pending.add(single(t.id, "allocated_bytes", u.allocatedBytes()));
    if (pending.size() >= config.batchSize()) flushSummaries();
  }

  private static MetricSummary single(String id, String name, double v) {
    return new MetricSummary(id, name, 1, v, v, v, v, v, v);
  }

  void flushSummaries() {
    if (pending.isEmpty()) return;
    List<MetricSummary> batch = List.copyOf(pending);
    pending.clear();
    try {
      engine.store().putMetricSummaries(batch);
    } catch (UnsupportedOperationException e) {
      if (!storeWarned) log.info("this store keeps no metric summaries; they are only in memory");
      storeWarned = true;
    } catch (RuntimeException e) {
      log.warn("could not store {} metric summaries", batch.size(), e);
    }
  }

  // ---- queries ------------------------------------------------------------------------------------

  /** A task's usage: running ones from their current figures, ended ones as recorded. */
  TaskUsage usage(String taskId) {
    TaskUsage u = ended.get(taskId);
    if (u != null) return u;
    Info t = open.get(taskId);
    if (t == null) return null;
    long cpu = t.cpuNanos + (t.live == null ? 0 : t.live.cpuNanos);
    return new TaskUsage(t.id, t.type, cpu / 1e9, t.peakRss, t.allocatedBytes, t.runSeconds,
        t.requirements.cpuCores(), t.requirements.memoryGb());
  }

  /** Statistics of a running task's metrics, by name. */
  List<MetricSummary> statistics(String taskId) {
    Info t = open.get(taskId);
    if (t == null || t.stats == null) return List.of();
    List<MetricSummary> out = new ArrayList<>();
    t.stats.forEach((n, s) -> out.add(s.summary(taskId, n)));
    return out;
  }

  List<SampleBuffer.Sample> samples(String taskId) {
    Info t = open.get(taskId);
    return t == null || t.buffer == null ? List.of() : t.buffer.snapshot();
  }

  long dropped(String taskId) {
    Info t = open.get(taskId);
    return t == null || t.buffer == null ? 0 : t.buffer.dropped();
  }

  AlertInputs alertInputs(Instant now) {
    Snapshot s = snapshot;
    double utilisation = 0;
    String worst = null;
    Map<String, double[]> totals = new TreeMap<>();
    for (Snapshot.AgentRow a : s.agents()) {
      a.capacity().forEach((r, c) -> totals.computeIfAbsent(r, k -> new double[2])[0] += c);
      a.allocated().forEach((r, v) -> totals.computeIfAbsent(r, k -> new double[2])[1] += v);
    }
    for (Map.Entry<String, double[]> e : totals.entrySet()) {
      double[] v = e.getValue();
      if (v[0] > 0 && v[1] / v[0] > utilisation) {
        utilisation = v[1] / v[0];
        worst = e.getKey();
      }
    }
    double oldest = ready.isEmpty() ? 0 : Math.max(0, seconds(ready.values().iterator().next(), now));
    AlertInputs in = new AlertInputs(utilisation, worst, window.endedAttempts, window.failedAttempts,
        window.deadlineMisses, Duration.ofMillis((long) (oldest * 1000)), window.lostAgents + window.lostAttempts);
    window.reset();
    return in;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
