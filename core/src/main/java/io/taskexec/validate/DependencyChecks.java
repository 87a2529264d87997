package io.taskexec.validate;

import static io.taskexec.validate.ProblemCollector.dependency;

import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency checks of one validation run: each dependency on its own (target known, type and
 * condition agree, no self-dependency), the edges of the batch's waits-for graph, and the cycle
 * problems. Holds the run's id index and its "did you mean" budget. Not thread-safe.
 */
final class DependencyChecks {
  /** How many id comparisons "did you mean" may spend per batch, to stay linear. */
  private static final long SUGGESTION_BUDGET = 2_000_000;
  private static final int MAX_PRINTED = 25;

  private final IdTable index;
  private final Set<String> existing;
  private final Set<String> namedResources;
  private final ProblemCollector out;
  private final Suggestions suggestions = new Suggestions(SUGGESTION_BUDGET);

  DependencyChecks(IdTable index, Set<String> existing, Set<String> namedResources,
      ProblemCollector out) {
    this.index = index;
    this.existing = existing;
    this.namedResources = namedResources;
    this.out = out;
  }

  void check(int i, Task t, DependencyGraph graph) {
    List<Dependency> deps = t.dependencies();
    for (int j = 0; j < deps.size(); j++) {
      Dependency d = deps.get(j);
      if (d.type() == DependencyType.RESOURCE) {
        checkResource(i, j, d);
        continue;
      }
      if (d.condition() == DependencyCondition.RESOURCE_AVAILABLE) {
        out.add(i, dependency(i, j) + ".condition",
            "condition resource_available only applies to dependency_type resource",
            "use dependency_type: resource to wait for a named resource, or one of the conditions "
                + "completion, start, failure, any to wait for a task");
      }
      String target = d.taskId();
      if (target.equals(t.id())) {
        out.add(i, dependency(i, j) + ".task_id", "task '" + target + "' depends on itself",
            "remove this dependency");
        continue;
      }
      int other = index.get(target);
      if (other < 0) {
        if (!existing.contains(target)) unknownTask(i, j, target);
        continue;
      }
      if (d.type() == DependencyType.UPSTREAM) {
        graph.addEdge(i, other, i, j);
      } else {
        graph.addEdge(other, i, i, j); // downstream: the named task waits for this one
      }
    }
  }

  private void checkResource(int i, int j, Dependency d) {
    if (d.condition() != DependencyCondition.RESOURCE_AVAILABLE) {
      out.add(i, dependency(i, j) + ".condition",
          "condition " + d.condition().wireName() + " does not apply to a resource dependency",
          "write condition: resource_available, or leave condition out");
    }
    if (!namedResources.contains(d.taskId())) {
      String guess = Suggestions.didYouMean(suggestions.closest(d.taskId(), namedResources));
      out.add(i, dependency(i, j) + ".task_id", "resource '" + d.taskId() + "' is not declared",
          guess + "declare it under `resources:` in the task file (name: units), or in "
              + "task_execution.engine.resource_manager.resources");
    }
  }

  private void unknownTask(int i, int j, String target) {
    Optional<String> guess = suggestions.closest(target, index.ids());
    if (guess.isEmpty()) guess = suggestions.closest(target, existing);
    String hint = guess.isPresent()
        ? Suggestions.didYouMean(guess) + "a dependency must name a task in this batch or one already submitted"
        : "check the id; a dependency must name a task in this batch or one already submitted";
    out.add(i, dependency(i, j) + ".task_id", "depends on unknown task '" + target + "'", hint);
  }

  /** One problem per cycle, at the declaration of the dependency that closes it. */
  static void reportCycle(DependencyGraph.Cycle c, List<Task> batch, ProblemCollector out) {
    int[] nodes = c.nodes();
    StringBuilder sb = new StringBuilder("dependency cycle: ");
    for (int k = 0; k < nodes.length; k++) {
      if (nodes.length > MAX_PRINTED && k == MAX_PRINTED - 5) {
        sb.append("... (").append(nodes.length - MAX_PRINTED).append(" more) -> ");
        k = nodes.length - 5;
      }
      sb.append(batch.get(nodes[k]).id()).append(" -> ");
    }
    sb.append(batch.get(nodes[0]).id());
    if (c.moreNotShown()) {
      sb.append(" (").append(c.componentSize())
          .append(" tasks are caught in cycles here; more may show once these are fixed)");
    }
    out.add(c.originTask(), dependency(c.originTask(), c.originDependency()), sb.toString(),
        "each task waits for the next, so none can start; remove or reverse one of these dependencies");
  }
}
