package io.taskexec.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TaskJsonProperties {
  @Property(tries = 300)
  void a_task_written_as_json_reads_back_equal(@ForAll("tasks") Task task) {
    assertThat(TaskJson.fromJson(TaskJson.toJson(task))).isEqualTo(task);
    assertThat(TaskJson.fromMap(TaskJson.toMap(task))).isEqualTo(task);
  }

  @Property(tries = 300)
  void the_streamed_json_is_the_text_of_the_map(@ForAll("tasks") Task task) throws Exception {
    assertThat(TaskJson.toJson(task)).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TaskJson.toMap(task)));
  }

  @Provide
  Arbitrary<Task> tasks() {
    Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars("äé✓\n\"\\").ofMaxLength(12);
    Arbitrary<Double> amount = Arbitraries.oneOf(
        Arbitraries.doubles().between(0, 1e6), Arbitraries.of(0.0, 0.5, 1.0, 64.0, 1e-9, 1e300));
    Arbitrary<Requirements> requirements = Combinators.combine(amount, amount, amount,
        Arbitraries.integers().between(0, 8)).as(Requirements::new);
    Arbitrary<Dependency> dependency = Combinators.combine(text, Arbitraries.of(DependencyType.class),
        Arbitraries.of(DependencyCondition.class)).as(Dependency::new);
    Arbitrary<Duration> duration = Combinators.combine(Arbitraries.longs().between(0, 10_000_000),
        Arbitraries.integers().between(0, 999_999_999)).as(Duration::ofSeconds);
    Arbitrary<Deadline> deadline = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 4_102_444_800L).map(s -> new Deadline.At(Instant.ofEpochSecond(s, s % 1000))),
        duration.filter(d -> !d.isZero()).map(Deadline.After::new));
    Arbitrary<RetryPolicy> retry = Combinators.combine(Arbitraries.integers().between(1, 10), duration,
        Arbitraries.doubles().between(1, 10), duration, Arbitraries.doubles().between(0, 1)).as(RetryPolicy::new);
    return Builders.withBuilder(() -> Task.builder("t", "shell").build().toBuilder())
        .use(Combinators.combine(text, Arbitraries.of("shell", "sleep", "report.render", "")).as(List::of))
        .in((b, idType) -> Task.builder(idType.get(0), idType.get(1)).requirements(b.build().requirements()))
        .use(Arbitraries.integers()).in(Task.Builder::priority)
        .use(deadline.injectNull(0.3)).in(Task.Builder::deadline)
        .use(requirements).in(Task.Builder::requirements)
        .use(dependency.list().ofMaxSize(4)).in((b, deps) -> { deps.forEach(b::dependsOn); return b; })
        .use(jsonMap(2)).in((b, m) -> { m.forEach(b::metadata); return b; })
        .use(jsonMap(2)).in((b, m) -> { m.forEach(b::param); return b; })
        .use(duration.injectNull(0.3)).in(Task.Builder::timeout)
        .use(Arbitraries.oneOf(retry, Arbitraries.just(RetryPolicy.NONE))).in(Task.Builder::retry)
        .use(duration.injectNull(0.3)).in(Task.Builder::estimatedDuration)
        .build(Task.Builder::build);
  }

  /** JSON-like values in the form JSON reads them back: Integer when it fits, else Long. */
  private Arbitrary<Map<String, Object>> jsonMap(int depth) {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), jsonValue(depth)).ofMaxSize(3);
  }

  private Arbitrary<Object> jsonValue(int depth) {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().filter(l -> l != (int) (long) l).map(l -> (Object) l),
        Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    if (depth == 0) return scalar;
    return Arbitraries.oneOf(scalar,
        jsonValue(depth - 1).list().ofMaxSize(3).map(l -> (Object) l),
        jsonMap(depth - 1).map(m -> (Object) m));
  }
}
