package io.taskexec.plan;

import io.taskexec.place.AgentResources;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Why a task is not running: the ordered reasons it waits, as the scheduler would find them. A
 * pure function of a {@link Situation}, so that the command line (from a stored run), the HTTP API
 * and the engine (from its live state) give the same answer.
 *
 * <p>The order is the order of the gates a task passes: its dependencies ({@link
 * UnmetDependency}), then named resources ({@link NamedResourceTaken}), then quotas ({@link
 * QuotaReached}), then room on an agent ({@link NeverFits}, {@link ResourceShort}); {@link
 * DeadlineAtRisk} is added whenever the deadline cannot be met given the estimates, whatever else
 * holds the task. A task that could run now gets an empty list; an ended task too.
 */
public final class WhyPending {
  private WhyPending() {}

  /** One reason a task waits; {@link #message()} says it in words a person can act on. */
  public sealed interface Reason
      permits UnmetDependency, NamedResourceTaken, QuotaReached, NeverFits, ResourceShort,
          DeadlineAtRisk {
    /** "dependency", "named_resource", "quota", "never_fits", "resource", "deadline". */
    String kind();

    String message();
  }

  /** An edge not met yet: the upstream task, the condition, and where that task stands. */
  public record UnmetDependency(String upstream, DependencyCondition condition, TaskState upstreamState)
      implements Reason {
    @Override
    public String kind() {
      return "dependency";
    }

    @Override
    public String message() {
      String needs = switch (condition) {
        case COMPLETION -> "to succeed";
        case START -> "to start";
        case FAILURE -> "to fail";
        case ANY -> "to end";
        case RESOURCE_AVAILABLE -> "to be available";
      };
      return "waits for task '" + upstream + "' " + needs + " (condition "
          + condition.name().toLowerCase(Locale.ROOT) + "); it is "
          + (upstreamState == null ? "unknown" : upstreamState.name());
    }
  }

  /** Every unit of a named resource is held, by the tasks listed. */
  public record NamedResourceTaken(String resource, int units, List<String> heldBy) implements Reason {
    public NamedResourceTaken {
      heldBy = List.copyOf(heldBy);
    }

    @Override
    public String kind() {
      return "named_resource";
    }

    @Override
    public String message() {
      return "named resource '" + resource + "' is taken: all " + units
          + (units == 1 ? " unit is" : " units are") + " held by " + names(heldBy);
    }
  }

  /** A limit on how much may run at once is reached. */
  public record QuotaReached(String quota, long limit, long used) implements Reason {
    @Override
    public String kind() {
      return "quota";
    }

    @Override
    public String message() {
      return "quota '" + quota + "' is reached: " + used + " of " + limit + " in use";
    }
  }

  /** No agent could hold the task even empty. */
  public record NeverFits(String resource, double needed, double largest) implements Reason {
    @Override
    public String kind() {
      return "never_fits";
    }

    @Override
    public String message() {
      return "needs " + amount(resource, needed) + ", but the largest agent offers "
          + amount(resource, largest) + ": it cannot run until a larger agent joins";
    }
  }

  /**
   * Not enough of one resource free now. {@code closestAgent} is the agent nearest to holding the
   * whole task, {@code freeThere} what it has free, {@code shortfall} what it lacks; {@code
   * mostFree} is the most any agent has free.
   */
  public record ResourceShort(String resource, double needed, double freeThere, String closestAgent,
      double shortfall, double mostFree) implements Reason {
    @Override
    public String kind() {
      return "resource";
    }

    @Override
    public String message() {
      return "not enough " + resource + ": needs " + amount(resource, needed) + "; the closest agent, '"
          + closestAgent + "', has " + amount(resource, freeThere) + " free (short by "
          + amount(resource, shortfall) + "); the most free on any agent is "
          + amount(resource, mostFree);
    }
  }

  /** Given the estimates, the task cannot end by its deadline even if it started now. */
  public record DeadlineAtRisk(Instant deadline, Instant earliestEnd) implements Reason {
    @Override
    public String kind() {
      return "deadline";
    }

    @Override
    public String message() {
      return "deadline " + deadline + " cannot be met: by the estimates it ends at the earliest at "
          + earliestEnd + " (" + Duration.between(deadline, earliestEnd).toMillis() / 1000.0
          + " s late)";
    }
  }

  /** An edge into the task: it waits for {@code upstream} with {@code condition}. */
  public record Edge(String upstream, DependencyCondition condition) {}

  /**
   * What the explanation looks at.
   *
   * @param state the task's own state
   * @param edges the edges the task waits on ({@link #edgesInto})
   * @param stateOf the state of another task, empty for an unknown one
   * @param resourceUnits named resources and their units
   * @param resourceHolders per named resource, the tasks holding a unit now
   * @param capacity each agent's offer when empty (cpu with overcommit)
   * @param free each agent's free amounts now, same agents
   * @param running attempts running now, against {@code maxRunning} (the worker pool's limit);
   *     {@code maxRunning} of 0 or less means no limit
   * @param deadline the resolved deadline, or null
   * @param pathToEnd the estimated time before the task can end ({@link #pathToEnd}), or null
   *     when unknown
   */
  public record Situation(
      Task task,
      TaskState state,
      List<Edge> edges,
      Function<String, Optional<TaskState>> stateOf,
      Map<String, Integer> resourceUnits,
      Map<String, List<String>> resourceHolders,
      List<AgentResources> capacity,
      List<AgentResources> free,
      long running,
      long maxRunning,
      Instant now,
      Instant deadline,
      Duration pathToEnd) {
    public Situation {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
      edges = List.copyOf(edges);
      resourceUnits = Map.copyOf(resourceUnits);
      resourceHolders = Map.copyOf(resourceHolders);
      capacity = List.copyOf(capacity);
      free = List.copyOf(free);
    }
  }

  /**
   * The edges {@code task} waits on: its own upstream dependencies, and those of other tasks that
   * declared it {@code downstream}.
   */
  public static List<Edge> edgesInto(Task task, Collection<Task> all) {
    List<Edge> edges = new ArrayList<>();
    for (Dependency d : task.dependencies()) {
      if (d.type() == DependencyType.UPSTREAM) edges.add(new Edge(d.taskId(), d.condition()));
    }
    for (Task other : all) {
      for (Dependency d : other.dependencies()) {
        if (d.type() == DependencyType.DOWNSTREAM && d.taskId().equals(task.id())) {
          edges.add(new Edge(other.id(), d.condition()));
        }
      }
    }
    return edges;
  }

  /** The reasons, in order; empty when nothing holds the task (or it has ended or is running). */
  public static List<Reason> explain(Situation s) {
    List<Reason> reasons = new ArrayList<>();
    if (s.state().isTerminal() || s.state() == TaskState.RUNNING) return reasons;
    for (Edge e : s.edges()) {
      TaskState up = s.stateOf().apply(e.upstream()).orElse(null);
      if (!met(e.condition(), up)) reasons.add(new UnmetDependency(e.upstream(), e.condition(), up));
    }
    for (Dependency d : s.task().dependencies()) {
      if (d.type() != DependencyType.RESOURCE) continue;
      int units = s.resourceUnits().getOrDefault(d.taskId(), 0);
      List<String> holders = s.resourceHolders().getOrDefault(d.taskId(), List.of());
      if (holders.size() >= units) reasons.add(new NamedResourceTaken(d.taskId(), units, holders));
    }
    if (s.maxRunning() > 0 && s.running() >= s.maxRunning()) {
      reasons.add(new QuotaReached("max_workers", s.maxRunning(), s.running()));
    }
    reasons.addAll(placement(s.task().requirements(), s.capacity(), s.free()));
    deadlineAtRisk(s.now(), s.deadline(), s.pathToEnd()).ifPresent(reasons::add);
    return reasons;
  }

  /**
   * A deadline that cannot be met given the estimates: {@code now + pathToEnd} is after it, where
   * {@code pathToEnd} is the estimated time before the task can end (its unfinished upstream path
   * and its own duration; see {@link #pathToEnd}). For the check at admission too.
   */
  public static Optional<Reason> deadlineAtRisk(Instant now, Instant deadline, Duration pathToEnd) {
    if (now == null || deadline == null || pathToEnd == null) return Optional.empty();
    Instant end = now.plus(pathToEnd);
    return end.isAfter(deadline) ? Optional.of(new DeadlineAtRisk(deadline, end)) : Optional.empty();
  }

  /**
   * The estimated time before {@code task} can end: its own estimated duration plus the longest
   * estimated path through the upstream tasks that have not ended (1 s for a task without an
   * estimate, as the planner counts it). Iterative, so deep chains cost no stack.
   *
   * @param byId the known tasks; an unknown upstream counts as ended
   * @param ended whether a task has ended
   */
  public static Duration pathToEnd(Task task, Function<String, Task> byId,
      java.util.function.Predicate<String> ended) {
    Map<String, Long> path = new java.util.HashMap<>();
    java.util.ArrayDeque<Task> stack = new java.util.ArrayDeque<>();
    java.util.Set<String> pushed = new java.util.HashSet<>();
    stack.push(task);
    pushed.add(task.id());
    while (!stack.isEmpty()) {
      Task t = stack.peek();
      if (path.containsKey(t.id())) {
        stack.pop();
        continue;
      }
      long longest = 0;
      boolean ready = true;
      for (Dependency d : t.dependencies()) {
        if (d.type() != DependencyType.UPSTREAM || ended.test(d.taskId())) continue;
        Task up = byId.apply(d.taskId());
        if (up == null) continue;
        Long p = path.get(up.id());
        if (p == null) {
          if (pushed.add(up.id())) { // else it is being walked: a cycle, not counted
            stack.push(up);
            ready = false;
          }
        } else {
          longest = Math.max(longest, p);
        }
      }
      if (!ready) continue;
      stack.pop();
      long own = TaskTable.duration(t.estimatedDuration());
      path.put(t.id(), own > Long.MAX_VALUE - longest ? Long.MAX_VALUE : own + longest);
    }
    return Duration.ofNanos(path.get(task.id()));
  }

  private static boolean met(DependencyCondition c, TaskState up) {
    if (up == null) return false;
    return switch (c) {
      case COMPLETION -> up == TaskState.SUCCEEDED;
      case START -> up == TaskState.RUNNING || (up.isTerminal() && up.hasStarted());
      case FAILURE -> up.isTerminal() && up != TaskState.SUCCEEDED;
      case ANY -> up.isTerminal();
      case RESOURCE_AVAILABLE -> true;
    };
  }

  private static final String[] RESOURCES = {"cpu", "memory", "storage", "gpu"};

  private static double[] demand(Requirements r) {
    return new double[] {r.cpuCores(), r.memoryGb(), r.storageGb(), r.gpuUnits()};
  }

  private static double[] amounts(AgentResources a) {
    return new double[] {a.cpuCores(), a.memoryGb(), a.storageGb(), a.gpuIndices().size()};
  }

  private static List<Reason> placement(Requirements req, List<AgentResources> capacity,
      List<AgentResources> free) {
    double[] need = demand(req);
    List<Reason> reasons = new ArrayList<>();
    if (capacity.isEmpty()) {
      for (int k = 0; k < need.length; k++) {
        if (need[k] > 0) reasons.add(new NeverFits(RESOURCES[k], need[k], 0));
      }
      return reasons;
    }
    boolean everFits = false;
    double[] largest = new double[need.length];
    for (AgentResources c : capacity) {
      double[] cap = amounts(c);
      boolean fits = true;
      for (int k = 0; k < need.length; k++) {
        largest[k] = Math.max(largest[k], cap[k]);
        if (need[k] > cap[k] + 1e-9) fits = false;
      }
      everFits |= fits;
    }
    if (!everFits) {
      for (int k = 0; k < need.length; k++) {
        if (need[k] > largest[k] + 1e-9) reasons.add(new NeverFits(RESOURCES[k], need[k], largest[k]));
      }
      return reasons;
    }
    AgentResources closest = null;
    double closestGap = Double.POSITIVE_INFINITY;
    double[] mostFree = new double[need.length];
    java.util.Arrays.fill(mostFree, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < free.size(); i++) {
      double[] f = amounts(free.get(i));
      if (!fitsEmpty(need, amounts(capacity.get(i)))) continue;
      double gap = 0;
      for (int k = 0; k < need.length; k++) {
        mostFree[k] = Math.max(mostFree[k], f[k]);
        if (need[k] > f[k] + 1e-9) gap += (need[k] - f[k]) / need[k];
      }
      if (gap == 0) return List.of(); // it fits somewhere now
      if (gap < closestGap) {
        closestGap = gap;
        closest = free.get(i);
      }
    }
    double[] f = amounts(closest);
    for (int k = 0; k < need.length; k++) {
      if (need[k] > f[k] + 1e-9) {
        reasons.add(new ResourceShort(RESOURCES[k], need[k], Math.max(0, f[k]), closest.agentId(),
            need[k] - Math.max(0, f[k]), Math.max(0, mostFree[k])));
      }
    }
    return reasons;
  }

  private static boolean fitsEmpty(double[] need, double[] cap) {
    for (int k = 0; k < need.length; k++) if (need[k] > cap[k] + 1e-9) return false;
    return true;
  }

  private static String amount(String resource, double v) {
    String n = v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    return switch (resource) {
      case "cpu" -> n + (v == 1 ? " core" : " cores");
      case "memory", "storage" -> n + " GB";
      case "gpu" -> n + (v == 1 ? " GPU" : " GPUs");
      default -> n;
    };
  }

  private static String names(List<String> ids) {
    List<String> quoted = new ArrayList<>();
    for (String id : ids.subList(0, Math.min(5, ids.size()))) quoted.add("'" + id + "'");
    return String.join(", ", quoted) + (ids.size() > 5 ? " and " + (ids.size() - 5) + " more" : "");
  }
}
