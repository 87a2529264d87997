package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void quickstart_runs_every_task_to_success_and_retries_the_flaky_one() throws IOException {
    Path summary = tmp.resolve("summary.json");
    Cli cli = Cli.run("run", Repo.example("quickstart.yaml").toString(), "--data-dir", tmp.resolve("data").toString(),
        "--summary-json", summary.toString(), "--no-progress");

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).contains("8 tasks: 8 succeeded").contains("summary: ");
    assertThat(cli.err()).contains("fetch-rates RETRYING: exit code 1: connection reset by peer (simulated); attempt 2 in")
        .contains("report SUCCEEDED in");

    JsonNode root = JSON.readTree(summary.toFile());
    assertThat(root.get("exit_code").asInt()).isZero();
    assertThat(root.get("tasks")).hasSize(8);
    Map<String, JsonNode> byId = byId(root);
    byId.values().forEach(t -> assertThat(t.get("state").asText()).as(t.get("id").asText()).isEqualTo("SUCCEEDED"));
    JsonNode flaky = byId.get("fetch-rates").get("attempts");
    assertThat(flaky).hasSize(2);
    assertThat(flaky.get(0).get("outcome").asText()).isEqualTo("RETRYING");
    assertThat(flaky.get(0).get("exit_code").asInt()).isEqualTo(1);
    assertThat(flaky.get(1).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(byId.get("make-data").get("attempts").get(0).get("agent").asText()).isEqualTo("local");

    Path log = Path.of(flaky.get(0).get("log_dir").asText()).resolve("attempt-1.stderr");
    assertThat(log).content().contains("connection reset by peer");
  }

  @Test
  void a_failing_task_exits_1_and_its_dependents_are_upstream_failed() throws IOException {
    Path file = write("failing.yaml", """
        tasks:
          - {id: ok, type: shell, command: "true", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          - {id: broken, type: shell, command: "echo disk full >&2; exit 3",
             requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          - {id: after-broken, type: shell, command: "true", dependencies: [broken],
             requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          - {id: after-that, type: shell, command: "true", dependencies: [after-broken],
             requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
        """);
    Path summary = tmp.resolve("s.json");
    Cli cli = Cli.run("run", file.toString(), "--summary-json", summary.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(cli.err()).contains("broken FAILED in").contains("exit code 3: disk full");
    assertThat(cli.out()).contains("4 tasks: 1 succeeded, 1 failed, 2 upstream failed");
    Map<String, JsonNode> byId = byId(JSON.readTree(summary.toFile()));
    assertThat(byId.get("ok").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(byId.get("broken").get("state").asText()).isEqualTo("FAILED");
    assertThat(byId.get("broken").get("attempts").get(0).get("exit_code").asInt()).isEqualTo(3);
    assertThat(byId.get("after-broken").get("state").asText()).isEqualTo("UPSTREAM_FAILED");
    assertThat(byId.get("after-that").get("state").asText()).isEqualTo("UPSTREAM_FAILED");
    assertThat(byId.get("after-broken").get("attempts")).isEmpty();
  }

  @Test
  void the_data_directory_defaults_to_dot_taskexec_beside_the_task_file() {
    Path file = write("one.yaml", """
        tasks:
          - {id: hello, type: shell, command: "echo hello", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
        """);
    Cli cli = Cli.run("run", file.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(tmp.resolve(".taskexec/logs/hello/attempt-1.stdout")).content().isEqualTo("hello\n");
    assertThat(tmp.resolve(".taskexec/runs")).isDirectoryContaining("glob:**/run-*.json");
  }

  @Test
  void an_invalid_file_runs_nothing_and_exits_2() {
    Cli cli = Cli.run("run", Repo.example("bad.yaml").toString(), "--data-dir", tmp.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).contains("problems in").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(tmp.resolve("logs")).doesNotExist();
  }

  @Test
  void a_missing_file_is_a_clear_one_line_error() {
    Cli cli = Cli.run("run", tmp.resolve("nope.yaml").toString());

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err().strip()).startsWith("taskexec: ").contains("nope.yaml").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  private Path write(String name, String content) {
    try {
      return Files.writeString(tmp.resolve(name), content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, JsonNode> byId(JsonNode root) {
    Map<String, JsonNode> m = new HashMap<>();
    root.get("tasks").forEach(t -> m.put(t.get("id").asText(), t));
    return m;
  }
}
