package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.jdbc.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store keeps of each attempt's result (issue 3, item 2: "attempts with results (exit
 * code, error class and message, log location)"), so that {@code status}, {@code history} and a
 * resumed run can show them.
 */
class StoredAttemptResultsTest {
  @TempDir Path tmp;

  /**
   * KNOWN BUG (core/engine): {@code SchedulerLoop.finish} writes the terminal event with the
   * 4-argument {@code Events.transition}, so a final attempt's FAILED / TIMED_OUT / SUCCEEDED event
   * carries no exit code and no failure kind; and no event ever carries {@code log_dir} or
   * {@code error_class} ({@link AttemptRow#LOG_DIR}, {@link AttemptRow#ERROR_CLASS}). The summary of
   * the run that saw it has them (in memory); the store, {@code status}, {@code history} and a
   * resumed run do not. Enable once the engine passes them on (fix described in the crash-test report).
   */
  @Test
  void the_terminal_event_of_an_attempt_keeps_its_exit_code_failure_and_log_location() throws Exception {
    Path file = Files.writeString(tmp.resolve("f.yaml"), """
        tasks:
          - {id: broken, type: shell, command: "echo disk full >&2; exit 3",
             requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
          - {id: fine, type: shell, command: "echo ok", requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}}
        """);
    Path data = tmp.resolve("data");
    assertThat(Cli.run("run", file.toString(), "--data-dir", data.toString()).exitCode()).isEqualTo(ExitCodes.TASK_FAILED);

    Path db = data.resolve("state/f.yaml").resolve(SqliteStateStore.FILE_NAME);
    try (SqliteStateStore store = new SqliteStateStore(db, Duration.ZERO)) {
      TaskEvent failed = store.events("broken").stream().filter(e -> e.type() == EventType.FAILED).findFirst().orElseThrow();
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(failed.failure()).isEqualTo(FailureKind.NONZERO_EXIT);
      List<AttemptRow> attempts = store.attempts("broken");
      assertThat(attempts).hasSize(1);
      assertThat(attempts.get(0).exitCode()).isEqualTo(3);
      assertThat(attempts.get(0).failure()).isEqualTo(FailureKind.NONZERO_EXIT);
      assertThat(attempts.get(0).logLocation()).isNotNull();
      assertThat(Path.of(attempts.get(0).logLocation()).resolve("attempt-1.stderr")).content().isEqualTo("disk full\n");
      TaskEvent succeeded = store.events("fine").stream().filter(e -> e.type() == EventType.SUCCEEDED).findFirst().orElseThrow();
      assertThat(succeeded.exitCode()).isZero();
      assertThat(store.attempts("fine").get(0).logLocation()).isNotNull();
    }
    Cli status = Cli.run("status", file.toString(), "--data-dir", data.toString(), "--json");
    assertThat(status.out()).contains("\"exit_code\" : 3").contains("\"failure\" : \"NONZERO_EXIT\"");
  }
}
