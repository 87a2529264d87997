package io.taskexec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TaskValidatorProperties {
  private final TaskValidator validator = Fixtures.validator();

  // ---- the validator never throws --------------------------------------------------------------

  private static final List<String> IDS =
      List.of("a", "b", "c", "task-1", "task-2", "", " ", "a b", "x".repeat(201), "db-pool", "ü");

  @Provide
  Arbitrary<List<Task>> anyBatch() {
    Arbitrary<String> id = Arbitraries.of(IDS);
    Arbitrary<Dependency> dep = Combinators.combine(id, Arbitraries.of(DependencyType.class),
        Arbitraries.of(DependencyCondition.class)).as(Dependency::new);
    Arbitrary<Double> amount = Arbitraries.of(0.0, 0.25, 1.0, 3.0, 64.0, 1e300, Double.POSITIVE_INFINITY);
    Arbitrary<Requirements> req = Combinators.combine(amount, amount, amount, Arbitraries.integers().between(0, 4))
        .as(Requirements::new);
    Arbitrary<Deadline> deadline = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.longs().between(0, 4_000_000_000L).map(s -> new Deadline.At(Instant.ofEpochSecond(s))),
        Arbitraries.longs().between(1, 100_000).map(s -> new Deadline.After(Duration.ofSeconds(s))));
    Arbitrary<Duration> timeout = Arbitraries.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(5))
        .injectNull(0.5);
    Arbitrary<Task> task = Combinators.combine(id, Arbitraries.of("noop", "shell", "", "shel"), req,
        dep.list().ofMaxSize(4), deadline, timeout, Arbitraries.integers())
        .as((i, type, r, deps, d, t, prio) -> {
          Task.Builder b = Task.builder(i, type).requirements(r).deadline(d).timeout(t).priority(prio)
              .estimatedDuration(t);
          deps.forEach(b::dependsOn);
          return b.build();
        });
    return task.list().ofMaxSize(12);
  }

  @Property(tries = 500)
  void the_validator_never_throws_on_random_batches(@ForAll("anyBatch") List<Task> batch,
      @ForAll @Size(max = 3) Set<@net.jqwik.api.constraints.StringLength(max = 6) String> existing) {
    List<Problem> problems = validator.validate(batch, existing, SourceMap.EMPTY);
    assertThat(problems).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
  }

  // ---- cycles are reported exactly when there is one -------------------------------------------

  record Edge(int from, int to, boolean downstream) {}

  @Provide
  Arbitrary<List<Edge>> edges() {
    return Arbitraries.integers().between(0, 14).tuple3()
        .flatMap(t -> Arbitraries.integers().between(0, 14).flatMap(to ->
            Arbitraries.of(true, false).map(down -> new Edge(t.get1(), to, down))))
        .filter(e -> e.from != e.to)
        .list().ofMaxSize(25);
  }

  @Property(tries = 1000)
  void a_cycle_is_reported_if_and_only_if_there_is_one(
      @ForAll @IntRange(min = 2, max = 15) int n, @ForAll("edges") List<Edge> edges) {
    List<Task.Builder> builders = new ArrayList<>();
    for (int i = 0; i < n; i++) builders.add(Task.builder("t" + i, "noop"));
    Map<Integer, Set<Integer>> waitsFor = new HashMap<>();
    for (Edge e : edges) {
      if (e.from >= n || e.to >= n) continue;
      DependencyType type = e.downstream ? DependencyType.DOWNSTREAM : DependencyType.UPSTREAM;
      builders.get(e.from).dependsOn(new Dependency("t" + e.to, type, DependencyCondition.COMPLETION));
      int waiter = e.downstream ? e.to : e.from;
      int waited = e.downstream ? e.from : e.to;
      waitsFor.computeIfAbsent(waiter, k -> new HashSet<>()).add(waited);
    }
    List<Task> batch = builders.stream().map(Task.Builder::build).toList();

    List<Problem> cycles = validator.validate(batch, Set.of(), SourceMap.EMPTY).stream()
        .filter(p -> p.message().startsWith("dependency cycle: ")).toList();

    assertThat(!cycles.isEmpty()).isEqualTo(hasCycle(n, waitsFor));
    for (Problem p : cycles) {
      String printed = p.message().substring("dependency cycle: ".length());
      String[] ids = printed.split(" \\(")[0].split(" -> ");
      assertThat(ids[0]).isEqualTo(ids[ids.length - 1]);
      for (int k = 0; k + 1 < ids.length; k++) {
        int a = Integer.parseInt(ids[k].substring(1));
        int b = Integer.parseInt(ids[k + 1].substring(1));
        assertThat(waitsFor.getOrDefault(a, Set.of())).as("edge %s -> %s in %s", a, b, Arrays.toString(ids)).contains(b);
      }
    }
  }

  /** Kahn's algorithm: a cycle exists iff some task never reaches in-degree zero. */
  private static boolean hasCycle(int n, Map<Integer, Set<Integer>> waitsFor) {
    int[] waiting = new int[n];
    Map<Integer, List<Integer>> waiters = new HashMap<>();
    waitsFor.forEach((w, targets) -> {
      waiting[w] = targets.size();
      for (int t : targets) waiters.computeIfAbsent(t, k -> new ArrayList<>()).add(w);
    });
    ArrayDeque<Integer> free = new ArrayDeque<>();
    for (int i = 0; i < n; i++) if (waiting[i] == 0) free.add(i);
    int done = 0;
    while (!free.isEmpty()) {
      int t = free.poll();
      done++;
      for (int w : waiters.getOrDefault(t, List.of())) if (--waiting[w] == 0) free.add(w);
    }
    return done < n;
  }
}
