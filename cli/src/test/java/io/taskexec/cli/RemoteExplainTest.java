package io.taskexec.cli;

import static io.taskexec.cli.ClientCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.server.TaskexecServer;
import io.taskexec.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec explain TASK --server URL} against a real server: the live reasons, printed as the local ones. */
class RemoteExplainTest {
  @TempDir Path dir;
  TaskexecServer server;
  String url;

  @BeforeEach
  void start() throws Exception {
    server = LocalServer.start(dir, "submitter");
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_waiting_task_of_a_running_server_gets_its_ordered_reasons() throws Exception {
    Path f = dir.resolve("waits.yaml");
    Files.writeString(f, """
        tasks:
          - {id: blocker, type: sleep, duration: 60s, requirements: {cpu_cores: 4, memory_gb: 1, storage_gb: 1}}
          - {id: after, type: noop, dependencies: [blocker], requirements: {cpu_cores: 2, memory_gb: 1, storage_gb: 1}}
        """);
    assertThat(run(Map.of(), "submit", f.toString(), "--server", url, "--token", "ops-token").exitCode()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().task("blocker").map(t -> t.state() == TaskState.RUNNING).orElse(false));

    Cli text = run(Map.of("TASKEXEC_TOKEN", "view-token"), "explain", "after", "--server", url);
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).isEqualTo("""
        task 'after' is PENDING; it waits because:
          1. waits for task 'blocker' to succeed (condition completion); it is RUNNING
          2. not enough cpu: needs 2 cores; the closest agent, 'a1', has 0.80 cores free (short by 1.20 cores); the most free on any agent is 0.80 cores
        """);
    JsonNode json = new ObjectMapper().readTree(run(Map.of("TASKEXEC_TOKEN", "view-token"), "explain", "after", "--server", url, "--json").out());
    assertThat(json.path("reasons").findValuesAsText("kind")).containsExactly("dependency", "resource");
    Cli running = run(Map.of("TASKEXEC_TOKEN", "view-token"), "explain", "blocker", "--server", url);
    assertThat(running.out()).isEqualTo("task 'blocker' is RUNNING\n");

    Cli unknown = run(Map.of("TASKEXEC_TOKEN", "view-token"), "explain", "nope", "--server", url);
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("no task has the id nope");
    Cli both = run(Map.of("TASKEXEC_TOKEN", "view-token"), "explain", f.toString(), "after", "--server", url);
    assertThat(both.exitCode()).isNotZero();
    assertThat(both.err()).contains("with --server, give only the task");
    Cli noToken = run(Map.of(), "explain", "after", "--server", url);
    assertThat(noToken.err()).contains("refused the token");
  }
}
