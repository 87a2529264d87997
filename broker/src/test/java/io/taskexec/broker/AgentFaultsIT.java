package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskResult;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.error.FailureKind;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three agent processes under a coordinator; one is killed for real, one is frozen and comes back. */
class AgentFaultsIT {
  @TempDir Path dir;

  /** A shell task that marks its start and end (with its attempt number) in a file of its own. */
  static Task marked(Path marks, String id, double seconds) {
    String file = marks.resolve(id).toString();
    return Task.builder(id, "shell").cpu(1).memoryGb(0.1).storageGb(0.1)
        .command("echo start $TASKEXEC_ATTEMPT >> " + file + "; sleep " + seconds + "; echo done $TASKEXEC_ATTEMPT >> " + file)
        .build();
  }

  static List<String> marks(Path marks, String id) throws Exception {
    Path f = marks.resolve(id);
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  @Test
  void an_agent_killed_mid_run_is_declared_lost_and_its_tasks_run_elsewhere_once() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      ClusterCoordinator c = env.coordinator("c1");
      TaskExecutionEngine engine = c.engine();
      Process victim = null;
      for (String a : List.of("a1", "a2", "a3")) {
        Process p = env.agent(a, 2);
        if (a.equals("a2")) victim = p;
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().size() == 3);
      assertThat(c.agents().get("a1").labels()).containsEntry("zone", "test");

      Path marks = Files.createDirectories(dir.resolve("marks"));
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 12; i++) tasks.add(marked(marks, "job-" + i, 1.5));
      var handles = engine.submitAll(tasks);
      await().atMost(Duration.ofSeconds(30)).until(() -> engine.tasks().stream()
          .anyMatch(s -> s.state() == TaskState.RUNNING && "a2".equals(s.agentId())));
      List<String> onVictim = engine.tasks().stream().filter(s -> "a2".equals(s.agentId()) && !s.state().isTerminal())
          .map(s -> s.task().id()).toList();
      ClusterEnv.kill(victim);
      long killed = System.nanoTime();

      await().atMost(Duration.ofSeconds(90)).until(() -> engine.counts().get(TaskState.SUCCEEDED) == 12);
      assertThat(c.agents()).doesNotContainKey("a2");
      int lost = 0;
      for (var h : handles) {
        TaskResult r = h.result().join();
        assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
        AttemptRecord last = r.attempts().get(r.attempts().size() - 1);
        assertThat(last.agentId()).isIn("a1", "a3");
        List<String> m = marks(marks, r.taskId());
        assertThat(m).as("one successful run of %s, nothing after it", r.taskId())
            .filteredOn(l -> l.startsWith("done")).containsExactly("done " + last.attempt());
        if (r.attempts().size() > 1) {
          lost++;
          assertThat(r.attempts().get(0).agentId()).isEqualTo("a2");
          assertThat(r.attempts().get(0).failure()).isEqualTo(FailureKind.LOST_WORKER);
          assertThat(r.attempts().get(0).message()).contains("agent a2 lost (no heartbeat for 3.0s)");
        }
      }
      assertThat(lost).isPositive().isEqualTo(onVictim.size());
      // declared lost no sooner than the heartbeat timeout allows
      assertThat(Duration.ofNanos(System.nanoTime() - killed)).isGreaterThan(Duration.ofSeconds(3));
      assertThat(env.succeeded()).isEqualTo(12);
    }
  }

  @Test
  void a_frozen_agent_loses_its_attempts_and_its_late_results_are_fenced_off() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      ClusterCoordinator c = env.coordinator("c1");
      TaskExecutionEngine engine = c.engine();
      Process frozen = env.agent("a1", 2);
      env.agent("a2", 2);
      env.agent("a3", 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().size() == 3);

      Path marks = Files.createDirectories(dir.resolve("marks"));
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) tasks.add(marked(marks, "job-" + i, 2));
      var handles = engine.submitAll(tasks);
      await().atMost(Duration.ofSeconds(30)).until(() -> engine.tasks().stream()
          .anyMatch(s -> s.state() == TaskState.RUNNING && "a1".equals(s.agentId())));
      new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> !c.agents().containsKey("a1"));
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(frozen.pid())).start().waitFor();
      }
      // it comes back (same run of the agent): it rejoins, and what it finishes of its lost attempts is ignored
      await().atMost(Duration.ofSeconds(30)).until(() -> c.agents().containsKey("a1"));
      await().atMost(Duration.ofSeconds(60)).until(() -> engine.counts().get(TaskState.SUCCEEDED) == 6);
      await().atMost(Duration.ofSeconds(30)).until(() -> engine.staleReports() > 0);
      for (var h : handles) {
        TaskResult r = h.result().join();
        assertThat(r.attempts().stream().filter(a -> a.outcome() == TaskState.SUCCEEDED)).hasSize(1);
        if (r.attempts().size() > 1) assertThat(r.attempts().get(0).failure()).isEqualTo(FailureKind.LOST_WORKER);
      }
      Map<String, TaskSnapshot> byId = new java.util.HashMap<>();
      engine.tasks().forEach(s -> byId.put(s.task().id(), s));
      assertThat(byId.values()).allMatch(s -> s.state() == TaskState.SUCCEEDED);
    }
  }

  @Test
  void a_busy_agent_whose_reports_wait_longer_than_the_heartbeat_timeout_is_not_declared_lost() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      // a coordinator whose engine stalls on the flood's first progress report until the test lets
      // it go: the agent's reports pile up in RabbitMQ behind it for twice the heartbeat timeout
      java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      ClusterCoordinator c = env.coordinator("c1", b -> b.listener(events -> {
        for (io.taskexec.event.TaskEvent e : events) {
          if (e.type() == io.taskexec.event.EventType.PROGRESS && stuck.getCount() > 0) {
            stuck.countDown();
            try {
              release.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
          }
        }
      }));
      TaskExecutionEngine engine = c.engine();
      env.agent("a1", 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().size() == 1);
      try {
        int lines = 20_000;
        Task flood = Task.builder("flood", "shell").cpu(1).memoryGb(0.1).storageGb(0.1)
            .command("seq 1 " + lines + " | sed 's|.*|::progress &/" + lines + "|'").build();
        var h = engine.submitAll(List.of(flood)).get(0);
        assertThat(stuck.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the engine took the first progress report").isTrue();
        // the backlog lasts twice the timeout; all along, the agent stays a member (its heartbeats count)
        await().during(ClusterEnv.LOST_AFTER.multipliedBy(2)).atMost(ClusterEnv.LOST_AFTER.multipliedBy(4))
            .until(() -> c.agents().containsKey("a1"));
        release.countDown();

        TaskResult r = h.result().get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(r.attempts()).as("one attempt: never declared lost, never placed again").hasSize(1);
        assertThat(r.attempts().get(0).agentId()).isEqualTo("a1");
        assertThat(engine.staleReports()).isZero();
        assertThat(c.agents()).containsKey("a1");
      } finally {
        release.countDown();
      }
    }
  }
}
