package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during a run: tasks are cancelled, their processes killed, the summary printed, exit 130. */
class CtrlCIT {
  @TempDir Path tmp;

  @Test
  void sigint_cancels_the_run_kills_its_processes_and_exits_130() throws Exception {
    Path file = Files.writeString(tmp.resolve("long.yaml"), """
        tasks:
          - id: long
            type: shell
            requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}
            command: |
              echo $$ > "%1$s/shell.pid"
              sleep 300 &
              echo $! > "%1$s/sleep.pid"
              wait
          - id: after-long
            type: shell
            dependencies: [long]
            requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}
            command: "echo never"
        """.formatted(tmp));
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    Process p = ProcessSupport.taskexec(out, err, "run", file.toString(), "--no-progress");
    try {
      await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(tmp.resolve("sleep.pid"))
          && !Files.readString(tmp.resolve("sleep.pid")).isBlank());
      long shell = Long.parseLong(Files.readString(tmp.resolve("shell.pid")).trim());
      long sleep = Long.parseLong(Files.readString(tmp.resolve("sleep.pid")).trim());
      assertThat(ProcessHandle.of(sleep)).as("the task's sleep runs").isPresent();

      int kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
      assertThat(kill).isZero();

      assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("taskexec ended after SIGINT").isTrue();
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      assertThat(p.exitValue()).as(stdout + stderr).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(stdout).contains("CANCELLED").contains("2 tasks: 2 cancelled");
      assertThat(stderr).contains("interrupted").doesNotContain("Exception");
      await().atMost(Duration.ofSeconds(10)).until(() -> !alive(shell) && !alive(sleep));
    } finally {
      p.destroyForcibly();
    }
  }

  /** Alive and not a zombie (a killed orphan may wait a moment for its reaper). */
  private static boolean alive(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
      } catch (java.io.IOException e) {
        return false; // gone between the two looks
      }
    }
    return false;
  }
}
