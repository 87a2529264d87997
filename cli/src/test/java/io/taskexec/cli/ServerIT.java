package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.server.http.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ./taskexec server} as an operator runs it: started from a configuration file,
 * used by the packaged client commands, stopped with SIGTERM, started again on the same store.
 */
class ServerIT {
  @TempDir Path dir;

  @Test
  void the_server_serves_the_client_commands_and_keeps_its_tasks_across_a_restart() throws Exception {
    Path config = dir.resolve("server.yaml");
    Files.writeString(config, """
        task_execution:
          engine: {state_manager: {persistence: sqlite, data_dir: data, sync_interval: 100ms}}
          server:
            port: 0
            tokens:
              - {name: ops, sha256: %s, roles: [submitter, shell]}
        """.formatted(Tokens.sha256Hex("ops-token")));
    Path tasks = dir.resolve("hello.yaml");
    Files.writeString(tasks, """
        tasks:
          - {id: hello, type: shell, command: "echo hello from the server", requirements: {cpu_cores: 0.5, memory_gb: 0.1, storage_gb: 0.1}}
          - {id: after, type: noop, dependencies: [hello], requirements: {cpu_cores: 0.5, memory_gb: 0.1, storage_gb: 0.1}}
        """);
    String url = start(config, "1");
    try {
      Process submit = ProcessSupport.taskexec(dir.resolve("submit.out"), dir.resolve("submit.err"), "submit", tasks.toString(),
          "--server", url, "--token", "ops-token", "--watch");
      assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(submit.exitValue()).as(Files.readString(dir.resolve("submit.err"))).isZero();
      assertThat(Files.readString(dir.resolve("submit.out"))).contains("2 tasks ended: 2 succeeded");
      Process logs = ProcessSupport.taskexec(dir.resolve("logs.out"), dir.resolve("logs.err"), "logs", "hello", "--server", url, "--token", "ops-token");
      assertThat(logs.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("logs.out"))).isEqualTo("hello from the server\n");
    } finally {
      stop();
    }
    String again = start(config, "2");
    try {
      Process status = ProcessSupport.taskexec(dir.resolve("status.out"), dir.resolve("status.err"), "status", "--server", again, "--token", "ops-token");
      assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("status.out"))).contains("hello").contains("2 tasks: 2 succeeded");
      assertThat(Files.readString(dir.resolve("server-2.out"))).contains("taken back from the store: 2 ended");
    } finally {
      stop();
    }
  }

  private Process server;

  private String start(Path config, String n) throws Exception {
    Path out = dir.resolve("server-" + n + ".out");
    server = ProcessSupport.taskexec(out, dir.resolve("server-" + n + ".err"), "server", "--config", config.toString());
    await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(out).contains("taskexec server on ") || !server.isAlive());
    String text = Files.readString(out);
    assertThat(text).as(Files.readString(dir.resolve("server-" + n + ".err"))).contains("taskexec server on ");
    return text.substring(text.indexOf("http://")).split("\\s+")[0];
  }

  private void stop() throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).inheritIO().start().waitFor();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
