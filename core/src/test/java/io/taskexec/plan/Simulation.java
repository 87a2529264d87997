package io.taskexec.plan;

import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Drives a planner through a {@link Scenario} with random interleavings of add, poll, start,
 * finish, requeue, release and cancel, as an engine would (calling by id or by item at random),
 * and writes down every broken invariant.
 */
final class Simulation implements Planner.Listener {
  enum Status { UNKNOWN, WAITING, POLLED, RUNNING, DONE }

  final List<String> orderViolations = new ArrayList<>();
  final List<String> accountingViolations = new ArrayList<>();
  final List<String> resourceViolations = new ArrayList<>();

  private final Scenario s;
  private final Random rnd;
  private final Planner planner;
  private final Status[] status;
  private final TaskState[] ended;
  private final boolean[] started;
  private final boolean[] holds;
  private final int[] ends;
  private final Map<String, Integer> held = new HashMap<>();
  private int batchesAdded;
  private int cancels;

  Simulation(Scenario s, long seed) {
    this.s = s;
    this.rnd = new Random(seed);
    this.planner = new Planner(s.units, this);
    this.status = new Status[s.size];
    Arrays.fill(status, Status.UNKNOWN);
    this.ended = new TaskState[s.size];
    this.started = new boolean[s.size];
    this.holds = new boolean[s.size];
    this.ends = new int[s.size];
    s.units.keySet().forEach(r -> held.put(r, 0));
  }

  Simulation run() {
    for (int step = 0; step < 100 * (s.size + 10); step++) {
      if (!step()) {
        break;
      }
      checkResources();
    }
    checkEnd();
    return this;
  }

  /** Does one random action that is possible now; false when none is. */
  private boolean step() {
    List<Integer> polled = in(Status.POLLED);
    List<Integer> running = in(Status.RUNNING);
    List<Runnable> actions = new ArrayList<>();
    if (batchesAdded < s.batches.size()) actions.add(this::addBatch);
    if (planner.readyCount() > 0) actions.add(this::poll);
    if (!polled.isEmpty()) actions.add(() -> start(pick(polled)));
    if (!polled.isEmpty() && rnd.nextInt(4) == 0) actions.add(() -> requeue(pick(polled)));
    if (!running.isEmpty()) actions.add(() -> finish(pick(running)));
    if (!running.isEmpty() && rnd.nextInt(4) == 0) actions.add(() -> release(pick(running)));
    List<Integer> open = open();
    if (!open.isEmpty() && cancels < s.size / 5 + 1 && rnd.nextInt(6) == 0) {
      actions.add(() -> cancel(pick(open)));
    }
    if (actions.isEmpty()) {
      return false;
    }
    actions.get(rnd.nextInt(actions.size())).run();
    return true;
  }

  private void addBatch() {
    List<PlanItem> batch = s.batches.get(batchesAdded++);
    batch.forEach(item -> status[Scenario.index(item.id())] = Status.WAITING);
    planner.add(batch);
  }

  private void poll() {
    PlanItem item = planner.pollReady();
    if (item == null) {
      checkNothingCouldGo();
      return;
    }
    int t = Scenario.index(item.id());
    if (status[t] != Status.WAITING) {
      orderViolations.add(item.id() + " polled while " + status[t]);
    }
    for (Scenario.Edge e : s.incoming.get(t)) {
      if (!met(e)) {
        orderViolations.add(item.id() + " polled before its edge " + e + " was met; upstream "
            + status[e.upstream()] + " " + ended[e.upstream()] + " started=" + started[e.upstream()]);
      }
    }
    status[t] = Status.POLLED;
    holds[t] = true;
    for (String r : s.needs.get(t)) {
      held.merge(r, 1, Integer::sum);
    }
  }

  /** pollReady said "nothing can go": no waiting task may have its edges met and units free. */
  private void checkNothingCouldGo() {
    for (int t : in(Status.WAITING)) {
      boolean free = s.needs.get(t).stream().allMatch(r -> held.get(r) < s.units.get(r));
      if (free && s.incoming.get(t).stream().allMatch(this::met)) {
        accountingViolations.add(Scenario.id(t) + " could go but pollReady returned null");
      }
    }
  }

  private boolean met(Scenario.Edge e) {
    int u = e.upstream();
    boolean done = status[u] == Status.DONE;
    return switch (e.condition()) {
      case COMPLETION -> done && ended[u].isSuccess();
      case START -> started[u];
      case FAILURE -> done && !ended[u].isSuccess();
      case ANY -> done;
      case RESOURCE_AVAILABLE -> false;
    };
  }

  private void start(int t) {
    if (s.outcome[t] == TaskState.CANCELLED) {
      end(t, TaskState.CANCELLED, rnd.nextBoolean());
      return;
    }
    if (rnd.nextBoolean()) {
      planner.started(s.items[t]);
    } else {
      planner.started(Scenario.id(t));
    }
    started[t] = true;
    status[t] = Status.RUNNING;
  }

  private void finish(int t) {
    end(t, s.outcome[t], false);
  }

  private void cancel(int t) {
    cancels++;
    end(t, TaskState.CANCELLED, rnd.nextBoolean());
  }

  private void end(int t, TaskState outcome, boolean skipDependents) {
    dropHold(t);
    status[t] = Status.DONE;
    ended[t] = outcome;
    ends[t]++;
    if (rnd.nextBoolean()) {
      planner.finished(s.items[t], outcome, skipDependents);
    } else {
      planner.finished(Scenario.id(t), outcome, skipDependents);
    }
  }

  private void requeue(int t) {
    dropHold(t);
    status[t] = Status.WAITING;
    planner.requeue(s.items[t]);
  }

  private void release(int t) {
    dropHold(t);
    if (rnd.nextBoolean()) {
      planner.releaseResources(s.items[t]);
    } else {
      planner.releaseResources(Scenario.id(t));
    }
  }

  private void dropHold(int t) {
    if (holds[t]) {
      holds[t] = false;
      for (String r : s.needs.get(t)) {
        held.merge(r, -1, Integer::sum);
      }
    }
  }

  @Override
  public void ready(PlanItem item) {
    int t = Scenario.index(item.id());
    if (status[t] != Status.WAITING) {
      accountingViolations.add(item.id() + " reported ready while " + status[t]);
    }
  }

  @Override
  public void resolved(String taskId, TaskState state, String reason) {
    int t = Scenario.index(taskId);
    if (status[t] != Status.WAITING) {
      accountingViolations.add(taskId + " resolved " + state + " while " + status[t]);
    }
    if (state != TaskState.UPSTREAM_FAILED && state != TaskState.SKIPPED) {
      accountingViolations.add(taskId + " resolved as " + state);
    }
    if (s.incoming.get(t).stream().noneMatch(this::broken)) {
      orderViolations.add(taskId + " resolved " + state + " with no broken edge: " + reason);
    }
    status[t] = Status.DONE;
    ended[t] = state;
    ends[t]++;
  }

  /** The edge can never be met. */
  private boolean broken(Scenario.Edge e) {
    int u = e.upstream();
    if (status[u] != Status.DONE) {
      return false;
    }
    return switch (e.condition()) {
      case COMPLETION -> !ended[u].isSuccess();
      case START -> !started[u];
      case FAILURE -> ended[u].isSuccess();
      default -> false;
    };
  }

  private void checkResources() {
    for (Map.Entry<String, Integer> r : s.units.entrySet()) {
      int inUse = held.get(r.getKey());
      if (inUse > r.getValue() || planner.freeUnits(r.getKey()) != r.getValue() - inUse) {
        resourceViolations.add(r.getKey() + ": " + inUse + " held of " + r.getValue()
            + ", planner says " + planner.freeUnits(r.getKey()) + " free");
      }
    }
  }

  private void checkEnd() {
    for (int t = 0; t < s.size; t++) {
      if (ends[t] != 1) {
        accountingViolations.add(Scenario.id(t) + " ended " + ends[t] + " times, " + status[t]);
      }
    }
    if (planner.openCount() != 0 || planner.readyCount() != 0) {
      accountingViolations.add("open " + planner.openCount() + ", ready " + planner.readyCount());
    }
    for (Map.Entry<String, Integer> r : s.units.entrySet()) {
      if (planner.freeUnits(r.getKey()) != r.getValue()) {
        resourceViolations.add(r.getKey() + " not all free at the end");
      }
    }
  }

  private List<Integer> in(Status wanted) {
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < s.size; t++) {
      if (status[t] == wanted) ids.add(t);
    }
    return ids;
  }

  private List<Integer> open() {
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < s.size; t++) {
      if (status[t] != Status.UNKNOWN && status[t] != Status.DONE) ids.add(t);
    }
    return ids;
  }

  private int pick(List<Integer> from) {
    return from.get(rnd.nextInt(from.size()));
  }
}
