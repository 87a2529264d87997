package io.taskexec.sim;

import io.taskexec.place.AgentSpec;
import io.taskexec.place.Allocation;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.place.Preemption;
import io.taskexec.place.ResourceManager;
import io.taskexec.plan.Backfill;
import io.taskexec.plan.DurationHistory;
import io.taskexec.plan.ListPlan;
import io.taskexec.plan.PlanItem;
import io.taskexec.plan.Planner;
import io.taskexec.plan.WhyPending;
import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Simulation mode: the real {@link Planner} (dependencies, ready order) and the real {@link
 * ResourceManager} (placement) driven by a virtual clock against simulated agents. A
 * discrete-event loop: the clock jumps to the next arrival or completion, completions release
 * their allocations and finish their tasks in the planner, then one scheduling round places what
 * it can. No threads, no sleeping; one run of a workload of millions of tasks on thousands of
 * agents costs only the scheduler's own work.
 *
 * <p>A scheduling round, in {@link Order#CRITICAL_PATH} order (the planner's: priority, deadline,
 * longest remaining path by estimated duration, submission), polls ready tasks and places each; a
 * task that does not fit is held, and after the first miss at most {@link Options#window} more
 * tasks may try (backfill); held tasks go back to the planner's queue at the end of the round. A
 * shape that missed is not tried again in the same round (nothing was released meanwhile). With
 * {@link Order#FIFO} the planner only tracks dependencies and tasks are tried in the order they
 * became ready (then submission order): a plain FIFO list scheduler as a baseline. With {@link
 * Options#easyBackfill} the first task that does not fit gets a reservation and later ones may
 * start only if they do not delay it (EASY; cpu as one pool, estimates from {@link
 * SimTask#estimate()} or else the runtime). With {@link Options#preempt}, a task that does not fit
 * may stop running tasks of strictly lower priority ({@link Preemption}); their attempts are
 * recorded and their tasks go back to the queue to run again from the start.
 *
 * <p>Not thread-safe; one simulation per instance of the loop.
 */
public final class Simulator {
  /** Which ready task goes first. */
  public enum Order {
    /** The planner's order: priority, deadline, longest remaining path, submission. */
    CRITICAL_PATH,
    /** The order tasks became ready in, then submission order. */
    FIFO,
    /**
     * The planner's order, with each task's priority set from a look-ahead plan of the whole graph
     * ({@link ListPlan#improve}, on the estimates the planner is told; every task taken as
     * submitted at the start): the order in which a list scheduler finishes the graph soonest
     * among those the plan tried, never later than the critical-path order on the estimates.
     */
    PLANNED
  }

  /** Perturbed restarts of the look-ahead plan of {@link Order#PLANNED}. */
  static final int PLAN_RESTARTS = 40;

  /** What the planner is told of each task's duration, for the critical path. */
  public enum Estimates {
    /** The runtime the workload records (a perfect estimate). */
    EXACT,
    /** Nothing: every task counts the same. */
    NONE,
    /** The mean of earlier runs of the task's type ({@link Options#history}). */
    HISTORY
  }

  /**
   * How to simulate.
   *
   * @param window after the first task that does not fit, how many more may try in a round
   * @param history durations by type, read for {@link Estimates#HISTORY} and written with every
   *     completion (so one run teaches the next); may be null otherwise
   * @param measureHeap when every task has been placed once (the most state is live), run a full
   *     garbage collection and record the heap in use ({@link SimResult#liveHeapBytes}); the
   *     collection's cost is left out of the scheduler's cpu time
   */
  public record Options(
      PlacementStrategy placement,
      Order order,
      Estimates estimates,
      DurationHistory history,
      int window,
      boolean easyBackfill,
      boolean preempt,
      boolean measureHeap) {
    public Options {
      Objects.requireNonNull(placement, "placement");
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(estimates, "estimates");
      if (window < 0) throw new IllegalArgumentException("window must be >= 0");
      if (estimates == Estimates.HISTORY && history == null) {
        throw new IllegalArgumentException("history estimates need a DurationHistory");
      }
    }

    /** Best fit, the planner's order with exact estimates, a backfill window of 64. */
    public static Options defaults() {
      return new Options(PlacementStrategy.BEST_FIT, Order.CRITICAL_PATH, Estimates.EXACT, null, 64,
          false, false, false);
    }

    public Options withOrder(Order o) {
      return new Options(placement, o, estimates, history, window, easyBackfill, preempt, measureHeap);
    }

    public Options withEstimates(Estimates e, DurationHistory h) {
      return new Options(placement, order, e, h, window, easyBackfill, preempt, measureHeap);
    }

    public Options withWindow(int w) {
      return new Options(placement, order, estimates, history, w, easyBackfill, preempt, measureHeap);
    }

    public Options withEasyBackfill(boolean on) {
      return new Options(placement, order, estimates, history, window, on, preempt, measureHeap);
    }

    public Options withPreempt(boolean on) {
      return new Options(placement, order, estimates, history, window, easyBackfill, on, measureHeap);
    }

    public Options withMeasureHeap(boolean on) {
      return new Options(placement, order, estimates, history, window, easyBackfill, preempt, on);
    }

    public Options withPlacement(PlacementStrategy p) {
      return new Options(p, order, estimates, history, window, easyBackfill, preempt, measureHeap);
    }

    /** "critical-path, best_fit, estimates exact, window 64", for reports. */
    public String describe() {
      String p = placement.wireName() + (preempt ? ", preemption" : "");
      if (easyBackfill) return "fcfs with easy backfill, " + p;
      if (window == 0) return (order == Order.FIFO ? "fifo" : "fcfs") + " (strict, no backfill), " + p;
      String o = switch (order) {
        case FIFO -> "fifo";
        case CRITICAL_PATH -> "critical-path";
        case PLANNED -> "planned";
      };
      return o + ", " + p + ", estimates "
          + estimates.name().toLowerCase(java.util.Locale.ROOT) + ", window " + window;
    }
  }

  private static final double MICROS = 1e6;

  private final Workload workload;
  private final List<SimTask> tasks;
  private final List<AgentSpec> agents;
  private final Options options;
  private final ResourceManager rm;
  private final Planner planner;
  private final EventHeap events = new EventHeap();
  private final PlanItem[] items;
  private final Requirements[] req;
  private final long[] runtime;
  private final long[] estimate;
  private final long[] readyAt;
  private final long[] startAt;
  private final long[] endAt;
  private final int[] attempt;
  /** Priorities from the look-ahead plan ({@link Order#PLANNED}), or null. */
  private int[] planned;
  private final Allocation[] alloc;
  private final Map<String, Integer> indexById;
  /** Running tasks, for EASY reservations: a dense set with positions. */
  private final int[] running;
  private final int[] runningPos;
  private int runningCount;
  private final List<Integer> fifo = new ArrayList<>();
  private final List<Integer> fifoNew = new ArrayList<>();
  private final List<Integer> preemptedFifo = new ArrayList<>();
  private final List<SimResult.Preempted> preempted = new ArrayList<>();
  private final List<String> flagged = new ArrayList<>();
  /** Task index by id, built when the first deadline needs it. */
  private Map<String, Integer> ids;
  private final double totalCpu;
  private long freeCpuMicros;
  private long now;
  private long placements;
  private long liveHeap = -1;
  private long excludedCpu;

  private Simulator(Workload workload, List<AgentSpec> agents, Options options) {
    this.workload = workload;
    this.tasks = workload.tasks();
    this.agents = agents;
    this.options = options;
    int n = tasks.size();
    this.rm = new ResourceManager(options.placement(), 1.0);
    double cpu = 0;
    for (AgentSpec a : agents) {
      rm.addAgent(a);
      cpu += a.cpuCores();
    }
    this.totalCpu = cpu;
    this.freeCpuMicros = Math.round(cpu * MICROS);
    this.planner = new Planner(Map.of(), new Planner.Listener() {
      @Override
      public void ready(PlanItem item) {
        readyAt[(Integer) item.owner()] = now;
      }

      @Override
      public void resolved(String taskId, TaskState state, String reason) {}
    });
    items = new PlanItem[n];
    req = new Requirements[n];
    runtime = new long[n];
    estimate = new long[n];
    readyAt = new long[n];
    startAt = new long[n];
    endAt = new long[n];
    attempt = new int[n];
    alloc = new Allocation[n];
    Arrays.fill(startAt, -1);
    Arrays.fill(endAt, -1);
    running = new int[options.easyBackfill() ? n : 0];
    runningPos = new int[options.easyBackfill() ? n : 0];
    indexById = options.preempt() ? new HashMap<>() : null;
  }

  /** Runs {@code workload} on {@code agents} and measures it. */
  public static SimResult run(Workload workload, List<AgentSpec> agents, Options options) {
    return new Simulator(workload, agents, options).run();
  }

  private SimResult run() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    int n = tasks.size();
    Integer[] bySubmit = new Integer[n];
    for (int i = 0; i < n; i++) bySubmit[i] = i;
    Arrays.sort(bySubmit, (a, b) -> Double.compare(tasks.get(a).submit(), tasks.get(b).submit()));
    long[] submitAt = new long[n];
    for (int i = 0; i < n; i++) submitAt[i] = Math.round(tasks.get(i).submit() * MICROS);
    Map<Requirements, Requirements> shapes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      SimTask t = tasks.get(i);
      Requirements r = new Requirements(t.cpu(), t.memoryGb(), 0, t.gpus());
      req[i] = shapes.computeIfAbsent(r, k -> k);
      runtime[i] = Math.round(t.runtime() * MICROS);
      estimate[i] = Double.isNaN(t.estimate()) ? runtime[i] : Math.round(t.estimate() * MICROS);
      if (indexById != null) indexById.put(t.id(), i);
    }
    if (options.order() == Order.PLANNED) planned = plan();
    int next = 0;
    while (true) {
      if (next < n && submitAt[bySubmit[next]] <= now) {
        List<PlanItem> batch = new ArrayList<>();
        while (next < n && submitAt[bySubmit[next]] <= now) {
          int i = bySubmit[next++];
          items[i] = item(i);
          batch.add(items[i]);
        }
        planner.add(batch);
        flagDeadlines(batch);
      }
      schedule();
      if (options.measureHeap() && liveHeap < 0 && placements >= n) measureHeap();
      long nextArrival = next < n ? submitAt[bySubmit[next]] : Long.MAX_VALUE;
      long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.peekTime();
      long t = Math.min(nextArrival, nextEvent);
      if (t == Long.MAX_VALUE) break;
      now = t;
      while (!events.isEmpty() && events.peekTime() == now) {
        int i = events.peekTask();
        int a = events.peekAttempt();
        events.pop();
        if (a == attempt[i]) complete(i);
      }
    }
    double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0 - excludedCpu) / 1e9;
    double wallSeconds = (System.nanoTime() - wall0) / 1e9;
    return result(cpuSeconds, wallSeconds);
  }

  /**
   * A deadline the estimates say cannot be met, even with the cluster to itself, is flagged when
   * its task arrives: its path to end (unfinished upstream path and its own estimate, {@link
   * WhyPending#pathToEnd}) ends after it.
   */
  private void flagDeadlines(List<PlanItem> batch) {
    Instant at = Instant.EPOCH.plusNanos(now * 1000);
    for (PlanItem item : batch) {
      if (item.deadline() == null) continue;
      if (ids == null) {
        ids = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) ids.put(tasks.get(i).id(), i);
      }
      Duration path = WhyPending.pathToEnd(item.task(), id -> {
        Integer i = ids.get(id);
        return i == null || items[i] == null ? null : items[i].task();
      }, id -> {
        Integer i = ids.get(id);
        return i == null || endAt[i] >= 0;
      });
      if (WhyPending.deadlineAtRisk(at, item.deadline(), path).isPresent()) flagged.add(item.id());
    }
  }

  private void measureHeap() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadCpuTime();
    System.gc();
    liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    excludedCpu += mx.getCurrentThreadCpuTime() - before;
  }

  /** Look-ahead priorities on the durations the planner is told (1 s each when none). */
  private int[] plan() {
    int n = tasks.size();
    double[] told = new double[n];
    int[][] parents = new int[n][];
    for (int i = 0; i < n; i++) {
      parents[i] = tasks.get(i).parents();
      told[i] = switch (options.estimates()) {
        case EXACT -> runtime[i];
        case NONE -> MICROS;
        case HISTORY -> options.history().estimate(tasks.get(i).type())
            .map(d -> d.toNanos() / 1000.0).orElse(MICROS);
      };
    }
    return ListPlan.improve(told, parents, (int) Math.max(1, Math.round(totalCpu)), PLAN_RESTARTS, 1);
  }

  private PlanItem item(int i) {
    SimTask t = tasks.get(i);
    List<Dependency> deps = new ArrayList<>(t.parents().length);
    for (int p : t.parents()) deps.add(Dependency.after(tasks.get(p).id()));
    Duration est = switch (options.estimates()) {
      case EXACT -> Duration.ofNanos(runtime[i] * 1000);
      case NONE -> null;
      case HISTORY -> options.history().estimate(t.type()).orElse(null);
    };
    int priority = planned == null ? t.priority() : planned[i];
    Task task = new Task(t.id(), t.type(), priority, null, req[i], deps, null, null, null, null,
        est);
    Instant deadline = Double.isNaN(t.deadline()) ? null
        : Instant.EPOCH.plusNanos(Math.round(t.deadline() * MICROS) * 1000);
    return new PlanItem(task, i, deadline, i);
  }

  private void schedule() {
    if (options.order() == Order.FIFO) {
      scheduleFifo();
    } else {
      scheduleCriticalPath();
    }
  }

  private void scheduleCriticalPath() {
    List<PlanItem> held = new ArrayList<>();
    Set<Requirements> missed = new HashSet<>();
    Backfill.Reservation reservation = null;
    int misses = 0;
    PlanItem item;
    while (misses <= options.window() && (item = planner.pollReady()) != null) {
      int i = (Integer) item.owner();
      if (!options.easyBackfill() && missed.contains(req[i])) {
        held.add(item);
        misses++;
        continue;
      }
      Verdict v = tryStart(i, reservation);
      if (v == Verdict.STARTED) continue;
      held.add(item);
      misses++;
      missed.add(req[i]);
      if (v == Verdict.NO_ROOM && options.easyBackfill() && reservation == null) {
        reservation = reserve(i);
      }
    }
    for (PlanItem h : held) planner.requeue(h);
  }

  private void scheduleFifo() {
    PlanItem item;
    while ((item = planner.pollReady()) != null) {
      fifoNew.add((Integer) item.owner());
    }
    // tasks that became ready in the same round go in submission order
    fifoNew.sort(null);
    fifo.addAll(fifoNew);
    fifoNew.clear();
    Set<Requirements> missed = new HashSet<>();
    Backfill.Reservation reservation = null;
    int misses = 0;
    List<Integer> left = new ArrayList<>(fifo.size());
    int k = 0;
    for (; k < fifo.size() && misses <= options.window(); k++) {
      int i = fifo.get(k);
      if (!options.easyBackfill() && missed.contains(req[i])) {
        left.add(i);
        misses++;
        continue;
      }
      Verdict v = tryStart(i, reservation);
      if (v == Verdict.STARTED) continue;
      left.add(i);
      misses++;
      missed.add(req[i]);
      if (v == Verdict.NO_ROOM && options.easyBackfill() && reservation == null) {
        reservation = reserve(i);
      }
    }
    left.addAll(fifo.subList(k, fifo.size()));
    fifo.clear();
    fifo.addAll(preemptedFifo);
    preemptedFifo.clear();
    fifo.addAll(left);
  }

  private enum Verdict { STARTED, NO_ROOM, HELD_BACK }

  private Verdict tryStart(int i, Backfill.Reservation reservation) {
    Allocation a = rm.tryPlace(tasks.get(i).id(), attempt[i], req[i]);
    if (a == null) {
      if (options.preempt() && preempt(i)) {
        a = rm.tryPlace(tasks.get(i).id(), attempt[i], req[i]);
      }
      if (a == null) return Verdict.NO_ROOM;
    }
    if (reservation != null
        && !reservation.admit(now, estimate[i], Math.round(req[i].cpuCores() * MICROS))) {
      rm.release(a);
      return Verdict.HELD_BACK;
    }
    start(i, a);
    return Verdict.STARTED;
  }

  private Backfill.Reservation reserve(int head) {
    long[] ends = new long[runningCount];
    long[] amounts = new long[runningCount];
    for (int k = 0; k < runningCount; k++) {
      int r = running[k];
      ends[k] = Math.max(now, startAt[r] + estimate[r]);
      amounts[k] = Math.round(req[r].cpuCores() * MICROS);
    }
    return Backfill.reserve(freeCpuMicros, Math.round(req[head].cpuCores() * MICROS), ends, amounts,
        runningCount);
  }

  private boolean preempt(int i) {
    int priority = tasks.get(i).priority();
    var plan = rm.planPreemption(req[i], priority,
        a -> tasks.get(indexById.get(a.taskId())).priority());
    if (plan.isEmpty()) return false;
    for (Allocation victim : plan.get().victims()) {
      int v = indexById.get(victim.taskId());
      rm.release(victim);
      alloc[v] = null;
      notRunning(v);
      preempted.add(new SimResult.Preempted(victim.taskId(), victim.attempt(), now / MICROS,
          tasks.get(i).id()));
      attempt[v]++; // its completion event is now stale
      readyAt[v] = now;
      if (options.order() == Order.FIFO) {
        preemptedFifo.add(v); // to the front of the queue after this round's pass
      } else {
        planner.requeue(items[v]);
      }
    }
    return true;
  }

  private void start(int i, Allocation a) {
    alloc[i] = a;
    if (startAt[i] < 0 || attempt[i] > 0) startAt[i] = now;
    placements++;
    freeCpuMicros -= Math.round(req[i].cpuCores() * MICROS);
    if (running.length > 0) {
      runningPos[i] = runningCount;
      running[runningCount++] = i;
    }
    planner.started(items[i]);
    events.push(now + runtime[i], i, attempt[i]);
  }

  private void notRunning(int i) {
    freeCpuMicros += Math.round(req[i].cpuCores() * MICROS);
    if (running.length > 0) {
      int pos = runningPos[i];
      int last = running[--runningCount];
      running[pos] = last;
      runningPos[last] = pos;
    }
  }

  private void complete(int i) {
    rm.release(alloc[i]);
    alloc[i] = null;
    notRunning(i);
    endAt[i] = now;
    if (options.history() != null) {
      options.history().record(tasks.get(i).type(), Duration.ofNanos(runtime[i] * 1000));
    }
    planner.finished(items[i], TaskState.SUCCEEDED, false);
  }

  private SimResult result(double cpuSeconds, double wallSeconds) {
    int n = tasks.size();
    int finished = 0;
    long makespan = 0;
    double[] start = new double[n];
    double[] end = new double[n];
    double[] waits = new double[n];
    int waited = 0;
    int deadlines = 0;
    int misses = 0;
    double cpuUsed = 0;
    double memUsed = 0;
    double gpuUsed = 0;
    for (int i = 0; i < n; i++) {
      SimTask t = tasks.get(i);
      start[i] = startAt[i] < 0 ? Double.NaN : startAt[i] / MICROS;
      end[i] = endAt[i] < 0 ? Double.NaN : endAt[i] / MICROS;
      if (!Double.isNaN(t.deadline())) {
        deadlines++;
        if (endAt[i] < 0 || end[i] > t.deadline()) misses++;
      }
      if (endAt[i] < 0) continue;
      finished++;
      makespan = Math.max(makespan, endAt[i]);
      waits[waited++] = (startAt[i] - readyAt[i]) / MICROS;
      double secs = runtime[i] / MICROS;
      cpuUsed += t.cpu() * secs;
      memUsed += t.memoryGb() * secs;
      gpuUsed += t.gpus() * secs;
    }
    double span = makespan / MICROS;
    double mem = 0;
    double gpu = 0;
    for (AgentSpec a : agents) {
      mem += a.memoryGb();
      gpu += a.gpuCount();
    }
    Map<String, Double> util = new LinkedHashMap<>();
    if (span > 0) {
      if (totalCpu > 0) util.put("cpu", cpuUsed / (totalCpu * span));
      if (mem > 0) util.put("memory", memUsed / (mem * span));
      if (gpu > 0) util.put("gpu", gpuUsed / (gpu * span));
    }
    double[] w = Arrays.copyOf(waits, waited);
    Arrays.sort(w);
    double mean = 0;
    for (double x : w) mean += x;
    mean = w.length == 0 ? 0 : mean / w.length;
    double p99 = w.length == 0 ? 0 : w[Math.min(w.length - 1, (int) Math.ceil(0.99 * w.length) - 1)];
    double max = w.length == 0 ? 0 : w[w.length - 1];
    return new SimResult(workload.name(), options.describe(), n, agents.size(), finished,
        n - finished, span, util, deadlines, misses, List.copyOf(flagged), mean, p99, max, placements,
        List.copyOf(preempted), cpuSeconds, wallSeconds, liveHeap, start, end);
  }
}
