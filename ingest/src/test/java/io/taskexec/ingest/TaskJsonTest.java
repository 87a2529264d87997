package io.taskexec.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.validate.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskJsonTest {
  private final Task task = Task.builder("load", "shell")
      .command("./load.sh")
      .param("env", Map.of("MODE", "fast"))
      .priority(5)
      .deadline(new Deadline.At(Instant.parse("2026-12-01T00:00:00Z")))
      .cpu(2).memoryGb(4).storageGb(1).gpus(1)
      .after("transform")
      .needs("db-pool")
      .metadata("owner", "data-team")
      .timeout(Duration.ofMinutes(30))
      .retry(RetryPolicy.attempts(3, Duration.ofSeconds(5)))
      .build();

  @Test
  void a_task_is_written_in_the_task_file_format() {
    assertThat(TaskJson.toJson(task)).isEqualTo("{\"id\":\"load\",\"type\":\"shell\",\"priority\":5,"
        + "\"deadline\":\"2026-12-01T00:00:00Z\","
        + "\"requirements\":{\"cpu_cores\":2.0,\"memory_gb\":4.0,\"storage_gb\":1.0,\"gpu_units\":1},"
        + "\"dependencies\":[{\"task_id\":\"transform\",\"dependency_type\":\"upstream\",\"condition\":\"completion\"},"
        + "{\"task_id\":\"db-pool\",\"dependency_type\":\"resource\",\"condition\":\"resource_available\"}],"
        + "\"metadata\":{\"owner\":\"data-team\"},\"params\":{\"command\":\"./load.sh\",\"env\":{\"MODE\":\"fast\"}},"
        + "\"timeout\":\"PT30M\",\"retry\":{\"max_attempts\":3,\"backoff\":\"PT5S\",\"multiplier\":2.0,"
        + "\"max_backoff\":\"PT5M\",\"jitter\":0.2}}");
  }

  @Test
  void a_task_comes_back_equal_from_json_and_from_a_map() {
    assertThat(TaskJson.fromJson(TaskJson.toJson(task))).isEqualTo(task);
    assertThat(TaskJson.fromMap(TaskJson.toMap(task))).isEqualTo(task);
  }

  @Test
  void a_task_as_a_user_writes_it_is_read_too() {
    Task t = TaskJson.fromJson("{\"id\": \"a\", \"type\": \"sleep\", \"duration\": \"2s\", \"deadline\": \"30m\","
        + " \"requirements\": {\"cpu_cores\": 1, \"memory_gb\": 1, \"storage_gb\": 1}, \"dependencies\": [\"b\"]}");
    assertThat(t.params()).isEqualTo(Map.of("duration", "2s"));
    assertThat(t.deadline()).isEqualTo(new Deadline.After(Duration.ofMinutes(30)));
    assertThat(t.dependencies()).containsExactly(Dependency.after("b"));
  }

  @Test
  void a_malformed_task_lists_every_problem_with_its_place() {
    assertThatThrownBy(() -> TaskJson.fromJson("{\"type\": \"shell\", \"comand\": \"x\",\n"
        + " \"requirements\": {\"cpu_cores\": \"two\", \"memory_gb\": 1}}", "<amqp>"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(p -> p.format()).containsExactly(
                "<amqp>:1:19: task.comand: unknown key 'comand' — did you mean 'command'? (rename it to 'command'; "
                    + "a shell task takes: id, type, priority, deadline, requirements, dependencies, metadata, params, "
                    + "timeout, retry, estimated_duration, command, args, env, working_dir)",
                "<amqp>:2:2: task.requirements.storage_gb: storage_gb is required but missing from requirements "
                    + "(add e.g. storage_gb: 10)",
                "<amqp>:2:32: task.requirements.cpu_cores: cpu_cores must be a number, got the string 'two' "
                    + "(write e.g. 2)"));
    assertThatThrownBy(() -> TaskJson.fromJson("{\"id\": ", "<api>"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("<api>:1:8: JSON syntax error");
    assertThatThrownBy(() -> TaskJson.fromMap(Map.of("type", "sleep", "requirements", List.of())))
        .hasMessageContaining("task.requirements: requirements must be a map, got a list");
  }
}
