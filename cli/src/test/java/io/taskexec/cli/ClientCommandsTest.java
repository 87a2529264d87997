package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.server.TaskexecServer;
import io.taskexec.server.http.Tokens;
import io.taskexec.task.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands (submit, status, watch, cancel, logs) against a real server on loopback. */
class ClientCommandsTest {
  @TempDir Path dir;
  TaskexecServer server;
  String url;

  @BeforeEach
  void start() {
    server = LocalServer.start(dir, "submitter", "shell");
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runs the command with the environment given. */
  static Cli run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Map<String, String> all = new HashMap<>(env);
      all.putIfAbsent("HOME", "/nonexistent");
      code = Main.execute(args, new Io(o, e, false, false, all));
    }
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void submit_and_watch_a_file_until_it_ends_then_read_status_and_logs() throws Exception {
    Path f = file("etl.yaml", """
        tasks:
          - {id: extract, type: shell, command: "echo rows=42", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: load, type: noop, dependencies: [extract], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        """);
    Cli submit = run(Map.of(), "submit", f.toString(), "--server", url, "--token", "ops-token", "--watch");
    assertThat(submit.exitCode()).as(submit.toString()).isZero();
    assertThat(submit.out()).contains("submitted run run-").contains("2 tasks ended: 2 succeeded");

    Cli status = run(Map.of("TASKEXEC_TOKEN", "view-token"), "status", "--server", url);
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("TASK").contains("extract").contains("load").contains("2 tasks: 2 succeeded");
    Cli one = run(Map.of("TASKEXEC_TOKEN", "view-token"), "status", "extract", "--server", url);
    assertThat(one.out()).contains("extract  SUCCEEDED").contains("ATTEMPT").contains("a1");
    JsonNode json = new ObjectMapper().readTree(run(Map.of("TASKEXEC_TOKEN", "view-token"), "status", "--server", url, "--json").out());
    assertThat(json.path("counts").path("SUCCEEDED").asInt()).isEqualTo(2);

    Cli logs = run(Map.of("TASKEXEC_SERVER", url, "TASKEXEC_TOKEN", "view-token"), "logs", "extract");
    assertThat(logs.out()).isEqualTo("rows=42\n");
  }

  @Test
  void a_bad_file_prints_every_problem_with_its_line_and_submits_nothing() throws Exception {
    Path f = file("bad.yaml", """
        tasks:
          - {id: a, type: noop, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: b, type: noop, requirments: {cpu_cores: 1}}
        """);
    Cli c = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "submit", f.toString(), "--server", url);
    assertThat(c.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(c.err()).contains(f + ":3:").contains("tasks[1].requirments").contains("did you mean 'requirements'");
    assertThat(server.engine().task("a")).isEmpty();
  }

  @Test
  void watch_exits_1_when_a_task_fails_and_cancel_stops_a_running_one() throws Exception {
    CompletableFuture<Cli> watching;
    Path f = file("f.json", "{\"tasks\": [{\"id\": \"slow\", \"type\": \"sleep\", \"duration\": \"60s\", \"requirements\": {\"cpu_cores\": 1, \"memory_gb\": 1, \"storage_gb\": 1}}]}");
    assertThat(run(Map.of("TASKEXEC_TOKEN", "ops-token"), "submit", f.toString(), "--server", url, "--run", "r1").exitCode()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().task("slow").map(t -> t.state() == TaskState.RUNNING).orElse(false));
    watching = CompletableFuture.supplyAsync(() -> run(Map.of("TASKEXEC_TOKEN", "view-token"), "watch", "slow", "--server", url));
    Cli cancel = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "cancel", "slow", "--server", url);
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    Cli watched = watching.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(watched.out()).contains("CANCELLED").contains("1 task ended: 0 succeeded, 1 did not (slow CANCELLED)");
  }

  @Test
  void the_token_comes_from_the_client_file_and_a_refused_one_says_how_to_fix_it() throws Exception {
    Path client = file("client.yaml", "server: " + url + "\ntoken: view-token\n");
    assertThat(run(Map.of(), "status", "--server", url, "--token", "nope").err()).contains("refused the token");
    Cli viaFile = run(Map.of(), "watch", "nothing-like-this", "--client-config", client.toString());
    assertThat(viaFile.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(viaFile.err()).contains("has no run and no task with the id nothing-like-this");
    Cli forbidden = run(Map.of("TASKEXEC_TOKEN", "view-token"), "cancel", "x", "--server", url);
    assertThat(forbidden.err()).contains("not allowed");
    Cli away = run(Map.of(), "status", "--server", "http://127.0.0.1:1", "--token", "x");
    assertThat(away.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(away.err()).contains("cannot reach the taskexec server at http://127.0.0.1:1");
  }

  @Test
  void the_server_command_prints_a_new_token_and_its_hash() {
    Cli c = run(Map.of(), "server", "--new-token", "ci", "--roles", "submitter,shell");
    assertThat(c.exitCode()).isZero();
    String token = c.out().lines().findFirst().orElseThrow().replaceAll(".*: ", "");
    assertThat(c.out()).contains("{name: ci, sha256: " + Tokens.sha256Hex(token) + ", roles: [submitter, shell]}");
    assertThat(run(Map.of(), "server", "--new-token", "x", "--roles", "root").err()).contains("unknown role 'root'");
  }
}
