package io.taskexec.ingest;

import static io.taskexec.ingest.Fixtures.brief;
import static io.taskexec.ingest.Fixtures.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.time.ManualClock;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskFileReaderTest {
  private final TaskFileReader reader = Fixtures.reader();

  @Test
  void a_file_with_many_mistakes_reports_every_one_with_its_line_and_column() {
    List<Problem> problems = reader.check(example("mistakes.yaml"));
    assertThat(brief(problems)).containsExactly(
        "6:5 tasks[0].comand: unknown key 'comand' — did you mean 'command'?",
        "8:18 tasks[0].requirements.cpu_cores: cpu_cores must be > 0, got 0",
        "9:18 tasks[0].requirements.memory_gb: memory_gb must be a number, got the string 'two'",
        "11:9 tasks[1].id: duplicate id 'extract': tasks[0] at src/test/resources/examples/mistakes.yaml:4:9 has it too",
        "12:11 tasks[1].type: unknown task type 'shel'",
        "13:5 tasks[1].requirements: needs 64 cpu cores; the largest agent has 16",
        "17:15 tasks[2].deadline: deadline 2020-01-01T00:00:00Z is already past",
        "18:14 tasks[2].timeout: timeout: '10 minutes' is not a duration",
        "21:18 tasks[2].dependencies[0].task_id: depends on unknown task 'transfrom'",
        "22:18 tasks[2].dependencies[1].task_id: resource 'licnce' is not declared",
        "24:39 tasks[2].dependencies[2].condition: condition resource_available only applies to dependency_type resource",
        "28:15 tasks[3].priority: priority must be a whole number, got the string 'high'",
        "29:5 tasks[3].requirements.storage_gb: storage_gb is required but missing from requirements");
    assertThat(problems).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
    assertThat(problems.get(0).format()).isEqualTo(
        "src/test/resources/examples/mistakes.yaml:6:5: tasks[0].comand: unknown key 'comand' — did you mean 'command'? "
            + "(rename it to 'command'; a shell task takes: id, type, priority, deadline, requirements, dependencies, "
            + "metadata, params, timeout, retry, estimated_duration, command, args, env, working_dir)");
  }

  @Test
  void reading_a_file_with_mistakes_throws_them_all_at_once() {
    assertThatThrownBy(() -> reader.read(example("mistakes.yaml")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(13))
        .hasMessageStartingWith("13 problems");
  }

  @Test
  void a_valid_file_is_read_with_every_field() {
    TaskFile file = reader.read(example("pipeline.yaml"));
    assertThat(file.resources()).isEqualTo(Map.of("warehouse-connections", 4));
    assertThat(file.config()).isEmpty();
    assertThat(file.tasks()).extracting(Task::id).containsExactly("extract", "transform", "load", "notify", "report");

    Task extract = file.tasks().get(0);
    assertThat(extract.type()).isEqualTo("shell");
    assertThat(extract.params()).containsExactly(
        Map.entry("command", "./extract.sh --since yesterday"),
        Map.entry("env", Map.of("SOURCE", "s3://raw", "BATCH", "7")),
        Map.entry("working_dir", "/srv/etl"));
    assertThat(extract.priority()).isEqualTo(10);
    assertThat(extract.deadline()).isEqualTo(new Deadline.At(Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(extract.requirements()).isEqualTo(new Requirements(2, 4, 10, 0));
    assertThat(extract.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(extract.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(5), 2, Duration.ofMinutes(1), 0.1));
    assertThat(extract.metadata()).isEqualTo(Map.of("owner", "data-team", "tags", List.of("nightly", "etl")));

    Task transform = file.tasks().get(1);
    assertThat(transform.params()).isEqualTo(Map.of("args", List.of("python3", "transform.py", "--fast")));
    assertThat(transform.deadline()).isEqualTo(new Deadline.After(Duration.ofHours(2)));
    assertThat(transform.estimatedDuration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(transform.requirements()).isEqualTo(new Requirements(4, 8.5, 20, 1));
    assertThat(transform.dependencies()).containsExactly(Dependency.after("extract"));
    assertThat(transform.retry()).isEqualTo(RetryPolicy.NONE);

    assertThat(file.tasks().get(2).dependencies()).containsExactly(
        Dependency.after("transform"), Dependency.resource("warehouse-connections"));
    assertThat(file.tasks().get(3).dependencies()).containsExactly(
        new Dependency("load", DependencyType.UPSTREAM, DependencyCondition.ANY));
    assertThat(file.tasks().get(3).params()).isEqualTo(Map.of("duration", "500ms"));
    assertThat(file.tasks().get(4).params()).isEqualTo(Map.of("template", "nightly", "formats", List.of("html", "pdf")));
    assertThat(file.tasks().get(4).dependencies()).containsExactly(
        new Dependency("notify", DependencyType.DOWNSTREAM, DependencyCondition.START));
  }

  @Test
  void the_json_file_reads_the_same_as_the_yaml_file() {
    TaskFile yaml = reader.read(example("pipeline.yaml"));
    TaskFile json = reader.read(example("pipeline.json"));
    assertThat(json.tasks()).isEqualTo(yaml.tasks());
    assertThat(json.resources()).isEqualTo(yaml.resources());
    assertThat(json.sourceMap().locate("tasks[1].requirements.memory_gb"))
        .isEqualTo(new SourceLocation(example("pipeline.json").toString(), 50, 22));
  }

  @Test
  void the_source_map_knows_where_every_field_was_written() {
    TaskFile file = reader.read(example("pipeline.yaml"));
    String f = example("pipeline.yaml").toString();
    assertThat(file.sourceMap().locate("tasks[0]")).isEqualTo(new SourceLocation(f, 5, 5));
    assertThat(file.sourceMap().locate("tasks[0].command")).isEqualTo(new SourceLocation(f, 7, 14));
    assertThat(file.sourceMap().locate("tasks[0].env.BATCH")).isEqualTo(new SourceLocation(f, 8, 36));
    assertThat(file.sourceMap().locate("tasks[0].requirements")).isEqualTo(new SourceLocation(f, 12, 5));
    assertThat(file.sourceMap().locate("tasks[0].requirements.storage_gb")).isEqualTo(new SourceLocation(f, 12, 60));
    assertThat(file.sourceMap().locate("tasks[1].requirements.gpu_units")).isEqualTo(new SourceLocation(f, 25, 18));
    assertThat(file.sourceMap().locate("tasks[1].dependencies[0].task_id")).isEqualTo(new SourceLocation(f, 27, 18));
    assertThat(file.sourceMap().locate("tasks[4].params.template")).isEqualTo(new SourceLocation(f, 43, 24));
  }

  @Test
  void a_cycle_is_printed_with_its_tasks_and_each_loop_is_reported() {
    assertThat(brief(reader.check(example("cycle.yaml")))).containsExactly(
        "18:9 tasks[2].dependencies[0]: dependency cycle: fetch -> parse -> store -> fetch",
        "25:9 tasks[3].dependencies[1]: dependency cycle: fetch -> audit -> fetch");
  }

  @Test
  void duplicate_ids_name_both_places() {
    List<Problem> problems = reader.check(example("duplicate-ids.yaml"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.location().line()).isEqualTo(10);
      assertThat(p.message()).isEqualTo(
          "duplicate id 'build': tasks[0] at " + example("duplicate-ids.yaml") + ":2:9 has it too");
    });
  }

  @Test
  void misspelt_keys_values_and_ids_get_a_did_you_mean() {
    List<Problem> problems = reader.check(example("did-you-mean.yaml"));
    assertThat(brief(problems)).containsExactly(
        "4:5 tasks[0].comand: unknown key 'comand' — did you mean 'command'?",
        "9:5 tasks[1].requirments: unknown key 'requirments' — did you mean 'requirements'?",
        "11:18 tasks[1].dependencies[0].task_id: depends on unknown task 'transfrom-2'",
        "12:9 tasks[1].dependencies[0].dependency_typ: unknown key 'dependency_typ' — did you mean 'dependency_type'?",
        "13:20 tasks[1].dependencies[0].condition: condition 'completon' is not one of completion, start, "
            + "resource_available, failure, any — did you mean 'completion'?");
    assertThat(problems.get(2).hint()).startsWith("did you mean 'transform-2'?");
  }

  @Test
  void a_deadline_already_past_is_reported_against_the_clock() {
    TaskFileReader at2026 = new TaskFileReader(Fixtures.validator(new ManualClock(Instant.parse("2026-01-01T00:00:00Z"))));
    assertThat(brief(at2026.check(example("past-deadline.yaml")))).containsExactly(
        "5:15 tasks[0].deadline: deadline 2020-01-01T00:00:00Z is already past");
    TaskFileReader at2031 = new TaskFileReader(Fixtures.validator(new ManualClock(Instant.parse("2031-01-01T00:00:00Z"))));
    assertThat(brief(at2031.check(example("past-deadline.yaml")))).containsExactly(
        "5:15 tasks[0].deadline: deadline 2020-01-01T00:00:00Z is already past",
        "10:15 tasks[1].deadline: deadline 2029-12-31T22:00:00Z is already past");
  }

  @Test
  void a_yaml_syntax_error_gives_the_line_and_column_and_the_parsers_words() {
    List<Problem> problems = reader.check(example("syntax-error.yaml"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.location().line()).isEqualTo(4);
      assertThat(p.location().column()).isEqualTo(4);
      assertThat(p.message()).startsWith("YAML syntax error: expected <block end>, but found '<block mapping start>'")
          .doesNotContain("\n").doesNotContain("Exception");
      assertThat(p.format()).startsWith(example("syntax-error.yaml") + ":4:4: YAML syntax error");
    });
  }

  @Test
  void a_json_syntax_error_gives_the_line_and_column() {
    assertThat(reader.check(example("syntax-error.json"))).singleElement().satisfies(p -> {
      assertThat(p.location().line()).isEqualTo(3);
      assertThat(p.location().column()).isEqualTo(33);
      assertThat(p.message()).startsWith("JSON syntax error: Unexpected character (','");
    });
  }

  @Test
  void an_empty_file_or_one_without_tasks_says_so() {
    assertThat(reader.check(example("empty.yaml"))).extracting(Problem::format).containsExactly(
        example("empty.yaml") + ":1:1: the file is empty (add a top-level tasks: list, e.g. tasks: [{id: hello, "
            + "type: shell, command: \"echo hello\", requirements: {cpu_cores: 1, memory_gb: 0.5, storage_gb: 1}}])");
    assertThat(brief(reader.check(example("no-tasks.yaml")))).containsExactly("1:1 tasks: the file has no tasks: list");
    assertThat(brief(reader.check("tasks: []", "<api>"))).containsExactly("1:1 tasks: tasks is empty");
  }

  @Test
  void a_missing_file_is_an_ingest_exception_not_a_stack_of_problems() {
    assertThatThrownBy(() -> reader.read(Path.of("examples/x.yaml")))
        .isInstanceOf(IngestException.class)
        .hasMessage("cannot read examples/x.yaml: no such file");
    assertThatThrownBy(() -> reader.check(Path.of("src/test/resources")))
        .isInstanceOf(IngestException.class)
        .hasMessage("cannot read src/test/resources: it is a directory, not a file");
  }

  @Test
  void text_from_the_api_is_read_with_its_source_name_and_its_format_sniffed() {
    String body = "{\"tasks\": [{\"id\": \"a\", \"type\": \"sleep\", \"duration\": 1,\n"
        + "  \"requirements\": {\"cpu_cores\": 0, \"memory_gb\": 1, \"storage_gb\": 1}}]}";
    assertThat(reader.check(body, "<api>")).extracting(Problem::format).containsExactly(
        "<api>:2:33: tasks[0].requirements.cpu_cores: cpu_cores must be > 0, got 0 "
            + "(every task needs some of each resource; write e.g. cpu_cores: 1)");
  }

  @Test
  void an_inline_config_section_is_read_and_declares_resources() {
    TaskFile file = reader.read(example("inline-config.yaml"));
    assertThat(file.config()).hasValueSatisfying(c -> {
      assertThat(c.engine().workerPool().minWorkers()).isEqualTo(2);
      assertThat(c.engine().workerPool().maxWorkers()).isEqualTo(4);
      assertThat(c.engine().resourceManager().resources()).isEqualTo(Map.of("gpu-licence", 1));
    });
    assertThat(file.tasks()).singleElement().satisfies(t ->
        assertThat(t.dependencies()).containsExactly(Dependency.resource("gpu-licence")));
  }

  @Test
  void unreadable_entries_keep_the_indices_of_the_others_and_nothing_is_reported_twice() {
    assertThat(brief(reader.check(example("unreadable-entries.yaml")))).containsExactly(
        "2:5 tasks[0]: tasks[0] must be a map, got the string 'just a string'",
        "6:31 tasks[1].requirements.cpu_cores: cpu_cores must be > 0, got 0",
        "8:9 tasks[1].dependencies[0]: dependencies[0] must be a map, got a list",
        "9:18 tasks[1].dependencies[1].task_id: depends on unknown task 'missing-one'",
        "10:5 tasks[2].requirements: requirements is required but missing from tasks[2]");
  }

  @Test
  void ids_left_out_are_generated() {
    TaskFile file = reader.read("tasks:\n  - {type: sleep, duration: 1, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}\n",
        "<api>", Set.of());
    assertThat(file.tasks()).singleElement().satisfies(t -> assertThat(t.id()).startsWith("task-"));
  }

  @Test
  void dependencies_may_name_tasks_the_engine_already_knows_and_new_ids_may_not_reuse_them() {
    String text = "tasks:\n  - {id: b, type: sleep, duration: 1, dependencies: [a],\n"
        + "     requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}\n";
    assertThat(reader.read(text, "<api>", Set.of("a")).tasks()).hasSize(1);
    assertThatThrownBy(() -> reader.read(text, "<api>", Set.of("a", "b")))
        .hasMessageContaining("<api>:2:10: tasks[0].id: id 'b' is already used by a submitted task");
  }

  @Test
  void the_two_step_api_lets_the_caller_see_the_file_before_validating() {
    ParsedTaskFile parsed = TaskFileReader.parse(example("mistakes.yaml"));
    assertThat(parsed.parseProblems()).hasSize(5);
    assertThat(parsed.tasks()).hasSize(4);
    assertThat(parsed.declaredResources()).containsExactly("licence");
    assertThat(parsed.problems(Fixtures.validator(), Set.of())).hasSize(13);
  }

  @Test
  void duplicate_keys_and_yaml_aliases_are_reported_where_they_are_written() {
    String text = "tasks:\n"
        + "  - id: a\n"
        + "    type: sleep\n"
        + "    duration: &d 1s\n"
        + "    type: shell\n"
        + "    requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}\n"
        + "  - id: b\n"
        + "    type: sleep\n"
        + "    duration: *d\n"
        + "    requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}\n";
    assertThat(brief(reader.check(text, "t.yaml"))).containsExactly(
        "5:5 tasks[0].type: duplicate key 'type' (first written at line 3)",
        "9:15 tasks[1].duration: YAML aliases (*d) are not supported");
  }
}
