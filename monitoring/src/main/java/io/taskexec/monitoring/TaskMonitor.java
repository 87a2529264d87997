package io.taskexec.monitoring;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.RunningAttempt;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.error.FailureKind;
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
 *
 * <p>It sees every event of every task, hundreds of thousands a second, on a machine whose cores
 * the engine needs: what it does per event is kept small. A waiting task costs one entry (its
 * ready time) and nothing else; a task gets its {@link Info} when it is placed, with its type's
 * series resolved once ({@link TypeSeries}), so the map searched per event holds only placed and
 * running tasks; SUBMITTED events are skipped (the submission time comes with the placement).
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
  /** Tasks placed (or running, or between attempts) until their end. */
  private final Map<String, Info> open = new HashMap<>();
  /** The last task an event was about: a task's events often come one after the other. */
  private String lastId;
  private Info lastInfo;
  /** Ready tasks by when they became ready, oldest first (events come in order). */
  private final LinkedHashMap<String, Instant> ready = new LinkedHashMap<>();
  private final Map<String, TypeSeries> types = new HashMap<>();
  /** Per agent: cpu cores, memory GB, storage GB, GPUs allocated now. */
  private final Map<String, double[]> allocated = new HashMap<>();
  private final UsageBook usage;
  private final RecentUsage ended = new RecentUsage(10_000);
  private List<MetricSummary> pending = new ArrayList<>();
  private final Set<String> exportedNames = new HashSet<>();
  private Set<String> knownAgents = new HashSet<>();
  private long lastReaped = ProcTable.available() ? ProcTable.reapedChildrenCpuNanos() : 0;
  private boolean storeWarned;
  /** The engine's time at the last sampling round, or null before the first. */
  private Instant lastRound;
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

  /** One task as the monitor follows it, from its first placement to its end. */
  private static final class Info {
    final String id;
    final String type;
    final TypeSeries series;
    Requirements requirements;
    final Instant submittedAt;
    /** Whether it may be in {@link #ready} (between attempts): set when an attempt ends and it is to run again. */
    boolean waiting;
    Instant firstStartedAt;
    Instant startedAt;
    String agent;
    Requirements allocatedAs;
    /** The allocation totals ({@link #allocated}) of the agent its attempt holds {@link #allocatedAs} on. */
    double[] allocatedOn;
    Live live;
    long cpuNanos;
    long peakRss;
    long allocatedBytes;
    double runSeconds;
    double progress;
    Map<String, MetricStats> stats;
    SampleBuffer buffer;

    Info(String id, TypeSeries series, Requirements requirements, Instant submittedAt) {
      this.id = id;
      this.type = series.type;
      this.series = series;
      this.requirements = requirements;
      this.submittedAt = submittedAt;
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
    /** Its process or thread and its requirements were taken from {@link TaskExecutionEngine#running}. */
    boolean resolved;

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
    switch (e.type()) {
      case SUBMITTED -> {} // its time comes with the placement, from the engine
      case READY -> becameReady(e.taskId(), e.at()); // a placed task that is ready again was marked waiting already
      case REQUEUED -> {
        Info t = opened(e.taskId());
        if (t != null) {
          endAttempt(t, e.at());
          release(t);
          t.waiting = true;
        }
        if (e.failure() == FailureKind.LOST_WORKER) window.lostAttempts++;
        if (e.state() == TaskState.READY) becameReady(e.taskId(), e.at());
        else ready.remove(e.taskId()); // back to waiting for a task submitted after it
      }
      case PLACED -> {
        Instant r = ready.remove(e.taskId());
        Info t = follow(e.taskId());
        t.waiting = false;
        if (r != null) t.series.queueWait.observe(seconds(r, e.at()));
        t.agent = e.agentId();
        allocate(t);
      }
      case STARTED -> {
        Info t = follow(e.taskId());
        if (t.firstStartedAt == null) {
          t.firstStartedAt = e.at();
          if (t.submittedAt != null) t.series.schedulingLatency.observe(seconds(t.submittedAt, e.at()));
        }
        t.startedAt = e.at();
        t.live = new Live(e.attempt());
        if (Boolean.TRUE.equals(e.data().get("deadline_missed"))) { // run_and_flag: it runs, late
          t.series.deadlineMisses.inc();
          window.deadlineMisses++;
        }
      }
      case LAUNCHED -> {
        Info t = follow(e.taskId());
        if (t.live != null && !Boolean.TRUE.equals(e.data().get("remote")) && e.data().get("pid") instanceof Number pid) {
          t.live.pid = pid.longValue();
        }
      }
      case PROGRESS -> {
        if (e.data().get("progress") instanceof Number p) follow(e.taskId()).progress = p.doubleValue();
      }
      case SAMPLE -> {
        if (e.data().get("name") instanceof String name && e.data().get("value") instanceof Number v) {
          reported(follow(e.taskId()), e.at(), name, v.doubleValue());
        }
      }
      case RETRYING -> {
        Info t = follow(e.taskId());
        t.series.retries.inc();
        if (e.failure() != null) t.series.errors(e.failure()).inc();
        window.endedAttempts++;
        window.failedAttempts++;
        measuredAtEnd(t, e);
        endAttempt(t, e.at());
        release(t);
        t.waiting = true; // READY follows, after the backoff
      }
      case ESCALATED -> {
        if (Boolean.TRUE.equals(e.data().get("deadline_at_risk"))) {
          Info t = opened(e.taskId());
          metrics.deadlineRisks.labelValues((t != null ? t.series : seriesOf(e.taskId())).type).inc();
          window.deadlineRisks++;
        }
      }
      case DEADLINE_MISSED -> {
        Info t = opened(e.taskId());
        (t != null ? t.series : seriesOf(e.taskId())).deadlineMisses.inc();
        window.deadlineMisses++;
        if (e.state().isTerminal()) ended(t, e);
      }
      default -> {
        if (e.state().isTerminal()) ended(opened(e.taskId()), e);
      }
    }
  }

  /** The task's Info if it was placed and has not ended, else null. */
  private Info opened(String id) {
    if (id == lastId) return lastInfo;
    Info t = open.get(id);
    if (t != null) {
      lastId = id;
      lastInfo = t;
    }
    return t;
  }

  /** The task's Info, made now (from the engine's record of it) if it has none: placed, or seen running since attach. */
  private Info follow(String id) {
    Info t = opened(id);
    if (t != null) return t;
    Optional<TaskSnapshot> s = engine.task(id);
    t = s.isPresent() ? new Info(id, series(s.get().task().type()), s.get().task().requirements(), s.get().submittedAt())
        : new Info(id, series("unknown"), Requirements.NONE, null);
    open.put(id, t);
    lastId = id;
    lastInfo = t;
    return t;
  }

  private TypeSeries series(String type) {
    TypeSeries s = types.get(type);
    if (s == null) types.put(type, s = new TypeSeries(type, metrics, usage));
    return s;
  }

  /** The series of a task that was never placed (it ended waiting: cancelled, upstream failed, skipped). */
  private TypeSeries seriesOf(String id) {
    return series(engine.task(id).map(s -> s.task().type()).orElse("unknown"));
  }

  private void becameReady(String id, Instant at) {
    if (ready.putIfAbsent(id, at) != null) { // ready again without a placement between: it waits from now
      ready.remove(id);
      ready.put(id, at);
    }
  }

  /** A terminal event: {@code t} is null for a task that was never placed. */
  private void ended(Info t, TaskEvent e) {
    if (t == null) {
      ready.remove(e.taskId());
      countEnd(seriesOf(e.taskId()), e);
    } else {
      finish(t, e);
    }
  }

  private void finish(Info t, TaskEvent e) {
    boolean wasRunning = t.live != null;
    measuredAtEnd(t, e);
    endAttempt(t, e.at());
    release(t);
    if (t.waiting) ready.remove(t.id);
    open.remove(t.id);
    if (lastInfo == t) {
      lastId = null;
      lastInfo = null;
    }
    if (wasRunning) window.endedAttempts++;
    TypeSeries s = t.series;
    countEnd(s, e);
    if (t.firstStartedAt != null) {
      s.duration(e.state()).observe(seconds(t.firstStartedAt, e.at()));
      TaskUsage u = new TaskUsage(t.id, t.type, t.cpuNanos / 1e9, t.peakRss, t.allocatedBytes, t.runSeconds,
          t.requirements.cpuCores(), t.requirements.memoryGb());
      ended.add(u);
      usage.add(s.usage, u, t.requirements);
      s.cpuSeconds.inc(u.cpuSeconds());
      s.requestedCpuSeconds.inc(t.requirements.cpuCores() * t.runSeconds);
      summarise(t, u);
    }
  }

  /**
   * What a monitored handler's thread used, when the engine carries it on the attempt's end event
   * ({@code ExecutionContext.measured}) rather than as two SAMPLE events: taken as if reported.
   */
  private void measuredAtEnd(Info t, TaskEvent e) {
    Map<String, Object> d = e.data();
    if (d.isEmpty()) return;
    if (d.get("cpu_seconds") instanceof Number c) reported(t, e.at(), "cpu_seconds", c.doubleValue());
    if (d.get("allocated_bytes") instanceof Number a) reported(t, e.at(), "allocated_bytes", a.doubleValue());
  }

  private void countEnd(TypeSeries s, TaskEvent e) {
    s.throughput(e.state()).inc();
    FailureKind f = e.failure();
    if (f != null && f != FailureKind.CANCELLED) s.errors(f).inc();
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
    add(t.allocatedOn = allocated.computeIfAbsent(t.agent, k -> new double[4]), t.requirements, 1);
    t.allocatedAs = t.requirements;
  }

  private void release(Info t) {
    Requirements r = t.allocatedAs;
    if (r == null || t.allocatedOn == null) return;
    add(t.allocatedOn, r, -1);
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
    Instant now = engine.clock().now();
    if (unresolved()) resolve(engine.running());
    ProcTable table = null;
    if (procAvailable) {
      for (Info t : open.values()) {
        if (t.live != null && t.live.resolved && t.live.pid > 0) {
          table = ProcTable.read();
          break;
        }
      }
      reap();
    }
    long wall = System.nanoTime();
    List<Info> byThread = new ArrayList<>();
    List<Long> threadIds = new ArrayList<>();
    for (Info t : open.values()) {
      Live l = t.live;
      if (l == null || !l.resolved) continue;
      if (l.pid > 0) {
        if (table != null) sampleProcess(t, l, table, wall, now);
      } else if (l.threadId >= 0) {
        byThread.add(t);
        threadIds.add(l.threadId);
      }
    }
    if (!byThread.isEmpty()) sampleThreads(byThread, threadIds, wall, now);
    agents();
    flushSummaries();
    snapshot = buildSnapshot(now);
    lastRound = now;
    metrics.roundSeconds.set((System.nanoTime() - t0) / 1e9);
  }

  /**
   * Whether the engine must be asked what runs where ({@link TaskExecutionEngine#running} goes
   * over every task the engine holds, ended ones included: a cost that grows with the engine's
   * history). An attempt's process or thread and its requirements do not change while it runs,
   * so each attempt is resolved once: a process as soon as it is launched (its memory limit is
   * enforced from the first round), a handler thread once it has run through one round (the
   * first sample of a thread only sets its base; the many attempts that start and end between
   * two rounds are never looked up).
   */
  private boolean unresolved() {
    for (Info t : open.values()) {
      Live l = t.live;
      if (l == null || l.resolved) continue;
      if (l.pid > 0 || lastRound == null || t.startedAt == null || t.startedAt.isBefore(lastRound)) return true;
    }
    return false;
  }

  private void resolve(List<RunningAttempt> running) {
    for (RunningAttempt ra : running) {
      Info t = open.get(ra.taskId());
      if (t == null || t.live == null || t.live.attempt != ra.attempt()) continue; // events not seen yet
      Live l = t.live;
      if (ra.process() != null) {
        l.process = ra.process();
        l.pid = ra.process().pid();
      } else if (!"shell".equals(ra.type()) && ra.threadId() >= 0) {
        l.threadId = ra.threadId();
      } else {
        continue; // a process not launched yet: next round
      }
      t.requirements = ra.requirements(); // more memory than the spec's after a RESOURCE_EXCEEDED retry
      l.resolved = true;
    }
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
    List<MetricSummary> batch = pending; // handed over whole: the store may keep it
    pending = new ArrayList<>(Math.max(16, config.batchSize()));
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
    Info t = open.get(taskId);
    if (t == null) return ended.find(taskId);
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
        window.deadlineMisses, Duration.ofMillis((long) (oldest * 1000)), window.lostAgents + window.lostAttempts,
        window.deadlineRisks);
    window.reset();
    return in;
  }

  /** Seconds from {@code from} to {@code to}, computed without a Duration (it is done several times per task). */
  static double seconds(Instant from, Instant to) {
    return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
  }
}
