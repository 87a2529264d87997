package io.taskexec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import io.taskexec.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {
  private final TaskValidator validator = Fixtures.validator();

  private static Task.Builder task(String id) {
    return Task.builder(id, "noop");
  }

  private List<Problem> validate(Task... tasks) {
    return validator.validate(List.of(tasks), Set.of(), SourceMap.EMPTY);
  }

  private static List<String> formatted(List<Problem> problems) {
    return problems.stream().map(Problem::format).toList();
  }

  @Test
  void a_valid_batch_has_no_problems() {
    assertThat(validate(
        task("extract").build(),
        task("transform").after("extract").needs("db-pool").build(),
        Task.builder("load", "shell").command("echo hi").after("transform").build()))
        .isEmpty();
  }

  @Test
  void zero_cpu_cores_is_an_error_with_the_field_path_and_a_hint() {
    List<Problem> problems = validate(task("a").cpu(0).build());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tasks[0].requirements.cpu_cores");
      assertThat(p.message()).isEqualTo("cpu_cores must be > 0, got 0");
      assertThat(p.hint()).contains("cpu_cores: 1");
    });
  }

  @Test
  void every_zero_requirement_is_reported_not_just_the_first() {
    List<Problem> problems = validate(task("a").cpu(0).memoryGb(0).storageGb(0).build());
    assertThat(problems).extracting(Problem::path).containsExactly(
        "tasks[0].requirements.cpu_cores", "tasks[0].requirements.memory_gb", "tasks[0].requirements.storage_gb");
  }

  @Test
  void an_id_with_a_space_or_blank_or_too_long_is_rejected() {
    List<Problem> problems = validate(task("a b").build(), task(" ").build(), task("x".repeat(201)).build());
    assertThat(formatted(problems)).satisfiesExactly(
        p -> assertThat(p).contains("tasks[0].id: id 'a b' contains ' '"),
        p -> assertThat(p).contains("tasks[1].id: id must not be blank"),
        p -> assertThat(p).contains("tasks[2].id: id is 201 characters long"));
  }

  @Test
  void duplicate_ids_point_at_both_locations() {
    SourceMap map = new SourceMap("jobs.yaml");
    map.put("tasks[0].id", 2, 9);
    map.put("tasks[1].id", 5, 9);
    List<Problem> problems = validator.validate(
        List.of(task("a").build(), task("a").build()), Set.of(), map);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.location()).isEqualTo(new SourceLocation("jobs.yaml", 5, 9));
      assertThat(p.message()).isEqualTo("duplicate id 'a': tasks[0] at jobs.yaml:2:9 has it too");
    });
  }

  @Test
  void an_id_already_submitted_cannot_be_reused_but_can_be_depended_on() {
    List<Problem> problems = validator.validate(
        List.of(task("old").build(), task("new").after("done-before").build()),
        Set.of("old", "done-before"), SourceMap.EMPTY);
    assertThat(formatted(problems)).containsExactly(
        "tasks[0].id: id 'old' is already used by a submitted task "
            + "(choose another id, or leave id out to get a generated one)");
  }

  @Test
  void an_unknown_dependency_suggests_the_closest_id() {
    List<Problem> problems = validate(
        task("transform-2").build(), task("load").after("transfrom-2").build());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tasks[1].dependencies[0].task_id");
      assertThat(p.message()).isEqualTo("depends on unknown task 'transfrom-2'");
      assertThat(p.hint()).startsWith("did you mean 'transform-2'?");
    });
  }

  @Test
  void a_resource_dependency_must_name_a_declared_resource() {
    List<Problem> problems = validate(task("a").needs("licnce").build());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("resource 'licnce' is not declared");
      assertThat(p.hint()).startsWith("did you mean 'licence'?").contains("resources:");
    });
    assertThat(validator.withResources(Set.of("licnce")).validate(
        List.of(task("a").needs("licnce").build()), Set.of(), SourceMap.EMPTY)).isEmpty();
  }

  @Test
  void resource_available_goes_only_with_the_resource_type_and_back() {
    List<Problem> problems = validate(
        task("a").build(),
        task("b").dependsOn(new Dependency("a", DependencyType.UPSTREAM, DependencyCondition.RESOURCE_AVAILABLE))
            .dependsOn(new Dependency("db-pool", DependencyType.RESOURCE, DependencyCondition.COMPLETION))
            .build());
    assertThat(formatted(problems)).satisfiesExactly(
        p -> assertThat(p).startsWith("tasks[1].dependencies[0].condition: condition resource_available only applies"),
        p -> assertThat(p).startsWith("tasks[1].dependencies[1].condition: condition completion does not apply"));
  }

  @Test
  void a_task_depending_on_itself_is_reported_once_and_not_as_a_cycle() {
    assertThat(formatted(validate(task("a").after("a").build()))).containsExactly(
        "tasks[0].dependencies[0].task_id: task 'a' depends on itself (remove this dependency)");
  }

  @Test
  void a_cycle_is_printed_in_waiting_order() {
    List<Problem> problems = validate(
        task("a").after("b").build(), task("b").after("c").build(), task("c").after("a").build(),
        task("d").after("a").build());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("dependency cycle: a -> b -> c -> a");
      assertThat(p.path()).as("the dependency that closes the cycle").isEqualTo("tasks[2].dependencies[0]");
    });
  }

  @Test
  void downstream_edges_are_turned_around_before_cycles_are_searched() {
    Dependency bWaitsForA = new Dependency("b", DependencyType.DOWNSTREAM, DependencyCondition.COMPLETION);
    assertThat(validate(task("a").dependsOn(bWaitsForA).build(), task("b").after("a").build())).isEmpty();
    List<Problem> problems = validate(task("a").after("b").build(), task("b").build(),
        task("c").dependsOn(new Dependency("a", DependencyType.DOWNSTREAM, DependencyCondition.START)).after("a").build());
    // c downstream a: a waits for c; c waits for a
    assertThat(problems).extracting(Problem::message).containsExactly("dependency cycle: a -> c -> a");
  }

  @Test
  void each_cycle_is_reported_also_when_cycles_share_tasks() {
    List<Problem> problems = validate(
        task("a").after("b").build(), task("b").after("a").build(),
        task("x").after("y").build(), task("y").after("z").build(), task("z").after("x", "y").build());
    assertThat(problems).extracting(Problem::message).containsExactly(
        "dependency cycle: a -> b -> a", "dependency cycle: x -> y -> z -> x", "dependency cycle: y -> z -> y");
  }

  @Test
  void a_tangle_with_very_many_cycles_reports_a_few_and_says_there_are_more() {
    List<Task> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Task.Builder b = task("t" + i);
      for (int j = 0; j < 10; j++) if (j != i) b.after("t" + j);
      batch.add(b.build());
    }
    List<Problem> problems = validator.validate(batch, Set.of(), SourceMap.EMPTY);
    assertThat(problems).hasSize(5);
    assertThat(problems.get(4).message()).endsWith("(10 tasks are caught in cycles here; more may show once these are fixed)");
  }

  @Test
  void a_deadline_already_past_is_an_error() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    TaskValidator v = Fixtures.validator(clock);
    List<Problem> problems = v.validate(List.of(
        task("late").deadline(new Deadline.At(Instant.parse("2020-01-01T00:00:00Z"))).build(),
        task("soon").deadline(new Deadline.At(Instant.parse("2026-01-02T00:00:00Z"))).build(),
        task("relative").deadline(new Deadline.After(Duration.ofMinutes(30))).build()),
        Set.of(), SourceMap.EMPTY);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("deadline 2020-01-01T00:00:00Z is already past");
      assertThat(p.hint()).contains("it is now 2026-01-01T00:00:00Z");
    });
    clock.advance(Duration.ofDays(2));
    assertThat(v.validate(List.of(task("soon").deadline(new Deadline.At(Instant.parse("2026-01-02T00:00:00Z"))).build()),
        Set.of(), SourceMap.EMPTY)).hasSize(1);
  }

  @Test
  void a_zero_timeout_is_an_error() {
    assertThat(validate(task("a").timeout(Duration.ZERO).build()))
        .extracting(Problem::path).containsExactly("tasks[0].timeout");
  }

  @Test
  void a_task_no_agent_could_hold_says_why() {
    assertThat(validate(task("big").cpu(64).build())).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tasks[0].requirements");
      assertThat(p.message()).isEqualTo("needs 64 cpu cores; the largest agent has 16");
    });
  }

  @Test
  void an_unknown_type_lists_the_known_types_and_guesses() {
    assertThat(validate(Task.builder("a", "shel").build())).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("unknown task type 'shel'");
      assertThat(p.hint()).startsWith("did you mean 'shell'? known types: noop, shell");
    });
  }

  @Test
  void the_executors_parameter_problems_are_reported_under_the_task() {
    assertThat(formatted(validate(Task.builder("a", "shell").build()))).containsExactly(
        "tasks[0].command: a shell task needs a command (add command: \"echo hi\")");
  }

  @Test
  void problems_come_in_source_order_and_code_built_tasks_by_index() {
    SourceMap map = new SourceMap("f.yaml");
    map.put("tasks[0]", 10, 5);
    map.put("tasks[1]", 3, 5);
    map.put("tasks[1].requirements.cpu_cores", 6, 18);
    map.put("tasks[1].timeout", 4, 14);
    List<Problem> problems = validator.validate(List.of(
        task("a").cpu(0).build(), task("b").cpu(0).timeout(Duration.ZERO).build()), Set.of(), map);
    assertThat(problems).extracting(p -> p.location().toString())
        .containsExactly("f.yaml:4:14", "f.yaml:6:18", "f.yaml:10:5");
    List<Problem> code = validate(task("a").timeout(Duration.ZERO).build(), task("b").cpu(0).timeout(Duration.ZERO).build());
    assertThat(code).extracting(Problem::path).containsExactly(
        "tasks[0].timeout", "tasks[1].requirements.cpu_cores", "tasks[1].timeout");
  }

  @Test
  void a_million_task_cycle_is_found_without_overflowing_the_stack() {
    int n = 1_000_000;
    List<Task> batch = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) batch.add(task("t" + i).after("t" + ((i + 1) % n)).build());
    List<Problem> problems = validator.validate(batch, Set.of(), SourceMap.EMPTY);
    assertThat(problems).singleElement().satisfies(p ->
        assertThat(p.message()).startsWith("dependency cycle: t0 -> t1 -> ").contains("(999975 more)").endsWith("t999999 -> t0"));
  }
}
