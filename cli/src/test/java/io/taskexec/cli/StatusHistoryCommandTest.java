package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoredTask;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec status} and {@code taskexec history} on a stored run: what they print, and that they only read. */
class StatusHistoryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQ = "requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}";
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

  @TempDir Path tmp;
  Path file;
  Path data;

  @BeforeEach
  void storeAFinishedRun() throws IOException {
    file = Files.writeString(tmp.resolve("pipeline.yaml"), """
        tasks:
          - {id: make, type: shell, command: "echo made", %1$s}
          - {id: flaky, type: shell, %1$s, dependencies: [make], retry: {max_attempts: 2, backoff: 10ms},
             command: "if [ ! -e '%2$s/tried' ]; then touch '%2$s/tried'; echo 'connection reset' >&2; exit 1; fi"}
          - {id: broken, type: shell, command: "echo disk full >&2; exit 3", %1$s}
          - {id: after-broken, type: shell, command: "true", dependencies: [broken], %1$s}
          - {id: check, type: noop, dependencies: [flaky], %1$s}
        """.formatted(REQ, tmp));
    data = tmp.resolve("data");
    Cli run = Cli.run("run", file.toString(), "--data-dir", data.toString(), "--no-progress");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TASK_FAILED);
  }

  @Test
  void status_prints_every_task_with_state_attempts_time_exit_code_and_reason_then_the_counts() {
    Cli cli = Cli.run("status", file.toString(), "--data-dir", data.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.err()).isEmpty();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.get(0)).startsWith("run of ").contains("pipeline.yaml").contains("stored in ")
        .endsWith("state/pipeline.yaml/state.db");
    assertThat(lines).contains("");
    assertThat(cli.out()).containsPattern("TASK +STATE +ATTEMPTS +CHANGED +EXIT +REASON")
        .containsPattern("make +SUCCEEDED +1 +" + TIME + " +0\n")
        .containsPattern("flaky +SUCCEEDED +2 +" + TIME + " +0\n")
        // the exit code of a final failed attempt: see StoredAttemptResultsTest (not stored yet)
        .containsPattern("broken +FAILED +1 +" + TIME + " +\\S+ +exit code 3: disk full\n")
        .containsPattern("after-broken +UPSTREAM_FAILED +0 +" + TIME + " +- +\\S.*broken")
        .containsPattern("check +SUCCEEDED +1 +" + TIME + " +-\n")
        .contains("5 tasks: 3 succeeded, 1 failed, 1 upstream failed\n")
        .contains("the run has finished");
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
  }

  @Test
  void status_json_has_the_counts_and_every_task() throws IOException {
    Cli cli = Cli.run("status", file.toString(), "--data-dir", data.toString(), "--json");

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    JsonNode root = JSON.readTree(cli.out());
    assertThat(root.get("total").asInt()).isEqualTo(5);
    assertThat(root.get("finished").asBoolean()).isTrue();
    assertThat(root.get("counts").get("SUCCEEDED").asInt()).isEqualTo(3);
    assertThat(root.get("counts").get("FAILED").asInt()).isEqualTo(1);
    assertThat(root.get("counts").get("UPSTREAM_FAILED").asInt()).isEqualTo(1);
    Map<String, JsonNode> byId = new HashMap<>();
    root.get("tasks").forEach(t -> byId.put(t.get("id").asText(), t));
    assertThat(byId).containsOnlyKeys("make", "flaky", "broken", "after-broken", "check");
    assertThat(byId.get("flaky").get("attempts").asInt()).isEqualTo(2);
    assertThat(byId.get("flaky").get("exit_code").asInt()).isZero();
    // broken's exit_code and failure: see StoredAttemptResultsTest (not stored yet)
    assertThat(byId.get("broken").get("reason").asText()).isEqualTo("exit code 3: disk full");
    assertThat(byId.get("check").get("exit_code").isNull()).isTrue();
    assertThat(Instant.parse(byId.get("make").get("changed_at").asText())).isBefore(Instant.now());
  }

  @Test
  void history_of_one_task_lists_its_events_in_order_and_its_attempts_with_exit_codes() {
    Cli cli = Cli.run("history", file.toString(), "flaky", "--data-dir", data.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    String out = cli.out();
    assertThat(out).startsWith("history of flaky in the run of ")
        .containsPattern("TIME +TASK +ATTEMPT +EVENT +STATE +AGENT +EXIT +MESSAGE")
        .containsPattern(TIME + " +flaky +- +SUBMITTED +PENDING")
        .containsPattern(TIME + " +flaky +1 +PLACED +PLACED +local")
        .containsPattern(TIME + " +flaky +1 +LAUNCHED +\\w+ +local +pid \\d+")
        .containsPattern(TIME + " +flaky +1 +RETRYING +RETRYING +local +1 +exit code 1: connection reset; attempt 2 in")
        .containsPattern(TIME + " +flaky +2 +SUCCEEDED +SUCCEEDED +local")
        .containsPattern("TASK +ATTEMPT +AGENT +STARTED +ENDED +OUTCOME +EXIT +FAILURE +MESSAGE")
        .containsPattern("flaky +1 +local +" + TIME + " +" + TIME + " +RETRYING +1 +NONZERO_EXIT +exit code 1: connection reset")
        .containsPattern("flaky +2 +local +" + TIME + " +" + TIME + " +SUCCEEDED +0\n")
        .doesNotContain(" make ").doesNotContain("broken");
    // in the order they happened: SUBMITTED first, the end last
    assertThat(out.indexOf("SUBMITTED")).isLessThan(out.indexOf("RETRYING"));
    assertThat(out.indexOf("RETRYING")).isLessThan(out.indexOf("SUCCEEDED"));
    assertThat(out).containsPattern("\\d+ events, 2 attempts\n$");
  }

  @Test
  void history_of_the_run_has_every_task_and_its_json_has_events_and_attempts() throws IOException {
    Cli text = Cli.run("history", file.toString(), "--data-dir", data.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).startsWith("history of the run of ")
        .contains(" make ").contains(" flaky ").contains(" broken ").contains(" after-broken ").contains(" check ")
        .containsPattern("broken +1 +FAILED +FAILED +local +(3 +)?exit code 3: disk full")
        .containsPattern("after-broken +- +UPSTREAM_FAILED +UPSTREAM_FAILED");

    Cli json = Cli.run("history", file.toString(), "--data-dir", data.toString(), "--json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.get("task").isNull()).isTrue();
    long prev = 0;
    for (JsonNode e : root.get("events")) {
      assertThat(e.get("seq").asLong()).isGreaterThan(prev);
      prev = e.get("seq").asLong();
    }
    assertThat(root.get("events")).anySatisfy(e -> {
      assertThat(e.get("task").asText()).isEqualTo("broken");
      assertThat(e.get("event").asText()).isEqualTo("FAILED");
      assertThat(e.get("message").asText()).isEqualTo("exit code 3: disk full");
    });
    assertThat(root.get("events")).anySatisfy(e -> {
      assertThat(e.get("event").asText()).isEqualTo("LAUNCHED");
      assertThat(e.get("data").get("pid").asLong()).isPositive();
    });
    assertThat(root.get("attempts")).hasSize(5); // make 1, flaky 2, broken 1, check 1
    assertThat(root.get("attempts")).anySatisfy(a -> {
      assertThat(a.get("task").asText()).isEqualTo("flaky");
      assertThat(a.get("attempt").asInt()).isEqualTo(1);
      assertThat(a.get("outcome").asText()).isEqualTo("RETRYING");
      assertThat(a.get("exit_code").asInt()).isEqualTo(1);
    });
  }

  @Test
  void history_of_an_unknown_task_is_a_clear_error_with_a_suggestion() {
    Cli cli = Cli.run("history", file.toString(), "flakey", "--data-dir", data.toString());

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err().strip()).startsWith("taskexec: task 'flakey' is not in the stored run of")
        .contains("(5 tasks)").contains("did you mean 'flaky'?").doesNotContain("Exception").doesNotContain("\n");
  }

  @Test
  void without_a_stored_run_both_say_so_exit_2_and_create_nothing() throws IOException {
    Path other = Files.writeString(tmp.resolve("other.yaml"), "tasks:\n  - {id: a, type: noop, " + REQ + "}\n");
    Path empty = tmp.resolve("empty");
    for (String command : List.of("status", "history")) {
      Cli cli = Cli.run(command, other.toString(), "--data-dir", empty.toString());

      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(cli.out()).isEmpty();
      assertThat(cli.err()).startsWith("taskexec: no run of ").contains("other.yaml is stored in ")
          .contains("empty").contains("taskexec run ").doesNotContain("Exception");
    }
    assertThat(empty).doesNotExist();

    Cli defaults = Cli.run("status", other.toString()); // the default data directory beside the file
    assertThat(defaults.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(defaults.err()).contains("no run of ").contains(".taskexec");
    assertThat(tmp.resolve(".taskexec")).doesNotExist();
  }

  @Test
  void status_finds_the_store_where_run_put_it_by_default_and_after_the_file_is_gone() throws IOException {
    Path one = Files.writeString(tmp.resolve("one.yaml"), "tasks:\n  - {id: hello, type: shell, command: \"echo hi\", " + REQ + "}\n");
    assertThat(Cli.run("run", one.toString()).exitCode()).isZero();

    Cli cli = Cli.run("status", one.toString());
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).containsPattern("hello +SUCCEEDED +1 +" + TIME + " +0").contains("1 task: 1 succeeded");

    Files.delete(one);
    Cli gone = Cli.run("history", one.toString(), "hello");
    assertThat(gone.exitCode()).as(gone.toString()).isZero();
    assertThat(gone.out()).containsPattern("hello +1 +SUCCEEDED +SUCCEEDED");
  }

  @Test
  void status_of_an_interrupted_run_says_it_resumes_and_changes_nothing_in_the_store() throws IOException {
    Path f = tmp.resolve("cut.yaml");
    Path dir = tmp.resolve("d/state/cut.yaml");
    Files.createDirectories(dir);
    Instant t0 = Instant.parse("2025-01-01T12:00:00Z");
    Requirements req = new Requirements(0.1, 0.1, 0.1, 0);
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve(SqliteStateStore.FILE_NAME), Duration.ZERO)) {
      store.submit(List.of(new StoredTask(Task.builder("done", "noop").requirements(req).build(), 1, t0),
          new StoredTask(Task.builder("cut", "noop").requirements(req).build(), 2, t0),
          new StoredTask(Task.builder("waits", "noop").requirements(req).build(), 3, t0)));
      store.append(List.of(
          TaskEvent.of(1, "done", 0, EventType.SUBMITTED, TaskState.PENDING, t0),
          TaskEvent.of(2, "done", 1, EventType.PLACED, TaskState.PLACED, t0),
          TaskEvent.of(3, "done", 1, EventType.STARTED, TaskState.RUNNING, t0),
          TaskEvent.of(4, "done", 1, EventType.SUCCEEDED, TaskState.SUCCEEDED, t0.plusMillis(5)),
          TaskEvent.of(5, "cut", 1, EventType.PLACED, TaskState.PLACED, t0.plusMillis(6)),
          TaskEvent.of(6, "cut", 1, EventType.STARTED, TaskState.RUNNING, t0.plusMillis(7))));
      store.flush();
    }
    byte[] before = Files.readAllBytes(dir.resolve(SqliteStateStore.FILE_NAME));

    Cli cli = Cli.run("status", f.toString(), "--data-dir", tmp.resolve("d").toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).containsPattern("done +SUCCEEDED +1 ").containsPattern("cut +RUNNING +1 ")
        .containsPattern("waits +PENDING +0 ")
        .contains("3 tasks: 1 pending, 1 running, 1 succeeded")
        .contains("2 tasks have not ended: the run is going on, or it was interrupted and `taskexec run ")
        .contains("cut.yaml` resumes it");
    Cli json = Cli.run("status", f.toString(), "--data-dir", tmp.resolve("d").toString(), "--json");
    assertThat(JSON.readTree(json.out()).get("finished").asBoolean()).isFalse();
    Cli history = Cli.run("history", f.toString(), "cut", "--data-dir", tmp.resolve("d").toString());
    assertThat(history.out()).containsPattern("cut +1 +" + TIME + " +- +- +-\n");
    assertThat(Files.readAllBytes(dir.resolve(SqliteStateStore.FILE_NAME))).as("the state file is unchanged").isEqualTo(before);
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve(SqliteStateStore.FILE_NAME), Duration.ZERO)) {
      assertThat(store.events()).hasSize(6);
      assertThat(store.tasks()).hasSize(3);
      assertThat(store.check()).isEmpty();
    }
  }

  @Test
  void a_large_run_lists_only_the_tasks_that_did_not_succeed_unless_all() throws IOException {
    StringBuilder sb = new StringBuilder("tasks:\n");
    for (int i = 0; i < 60; i++) sb.append("  - {id: n").append(i).append(", type: noop, ").append(REQ).append("}\n");
    sb.append("  - {id: bad, type: sleep, duration: 1ms, fail: true, ").append(REQ).append("}\n");
    Path big = Files.writeString(tmp.resolve("big.yaml"), sb.toString());
    assertThat(Cli.run("run", big.toString()).exitCode()).isEqualTo(ExitCodes.TASK_FAILED);

    Cli cli = Cli.run("status", big.toString());
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).containsPattern("bad +FAILED +1 ").doesNotContain("n59 ")
        .contains("60 more tasks (the ones that succeeded) are left out: --all lists them")
        .contains("61 tasks: 60 succeeded, 1 failed");

    Cli all = Cli.run("status", big.toString(), "--all");
    assertThat(all.out()).contains("n0 ").contains("n59 ").containsPattern("bad +FAILED").doesNotContain("left out");
  }

  @Test
  void with_postgresql_status_reads_the_configured_schema_and_never_creates_it() throws Exception {
    String base = System.getProperty("taskexec.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(base)) {
      assertThat(c.isValid(2)).isTrue();
    } catch (java.sql.SQLException e) {
      org.junit.jupiter.api.Assumptions.abort("no PostgreSQL at " + base + ": " + e.getMessage());
    }
    String schema = "te_status_" + Long.toHexString(System.nanoTime());
    String url = base + "&currentSchema=" + schema;
    Path pg = Files.writeString(tmp.resolve("pg.yaml"), """
        config:
          engine:
            state_manager: {persistence: postgresql, url: "%s"}
        tasks:
          - {id: one, type: shell, command: "echo hi", %s}
        """.formatted(url, REQ));
    try {
      Cli none = Cli.run("status", pg.toString());
      assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(none.err()).contains("no run of ").contains(schema).contains("has no taskexec tables");
      assertThat(schemaExists(base, schema)).as("status created no schema").isFalse();

      assertThat(Cli.run("run", pg.toString()).exitCode()).isZero();
      Cli cli = Cli.run("status", pg.toString());
      assertThat(cli.exitCode()).as(cli.toString()).isZero();
      assertThat(cli.out()).contains("stored in " + url).containsPattern("one +SUCCEEDED +1 +" + TIME + " +0")
          .contains("1 task: 1 succeeded");
    } finally {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(base); java.sql.Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static boolean schemaExists(String url, String schema) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      ps.setString(1, schema);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
