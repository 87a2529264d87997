package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskexec.ingest.TaskJson;
import io.taskexec.task.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator processes: one leads, the other stands by. The leader is killed mid-run; the
 * standby takes over once the lease runs out, takes back every task from PostgreSQL and finishes
 * the run on the same three agents, running no task again after it succeeded. Every wait is on a
 * condition, bounded generously by multiples of the configured lease and heartbeat timeout.
 */
class CoordinatorFailoverIT {
  /** How long the takeover may take on a loaded machine: the lease, many times over. */
  static final Duration TAKEOVER_BOUND = ClusterEnv.LEASE.multipliedBy(15);

  @TempDir Path dir;

  @Test
  void the_standby_takes_over_once_the_lease_runs_out_when_the_leader_is_killed() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      Process first = env.coordinatorProcess("c1");
      await().atMost(Duration.ofSeconds(60)).until(() -> holder(env).equals(List.of("c1")));
      await().atMost(Duration.ofSeconds(60)).until(() -> env.log("coordinator-c1").contains("coordinator c1 leads (epoch 1)"));
      Process second = env.coordinatorProcess("c2");
      for (String a : List.of("a1", "a2", "a3")) env.agent(a, 2);

      Path marks = Files.createDirectories(dir.resolve("marks"));
      int n = 40;
      try (Connection conn = Amqp.connect(env.amqpUri, "test client"); Channel ch = conn.createChannel()) {
        ch.confirmSelect();
        for (int i = 0; i < n; i++) {
          Task t = AgentFaultsIT.marked(marks, "job-" + i, 0.5);
          ch.basicPublish(Topology.TASKS, Topology.SUBMIT_KEY, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
              TaskJson.toJson(t).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(10_000);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> Integer.parseInt(succeeded(env)) >= 8);
      ClusterEnv.kill(first);
      long killed = System.nanoTime();
      // The standby takes the lease once it has run out: it looks every fifth of the lease. The bound
      // is the lease many times over, so that a starved machine delays the test, never fails it; the
      // time it took is reported, not asserted (speed is the benchmarks' business).
      await().atMost(TAKEOVER_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> holder(env).equals(List.of("c2")));
      System.out.printf("standby took over %d ms after the leader was killed (lease %d ms)%n",
          Duration.ofNanos(System.nanoTime() - killed).toMillis(), ClusterEnv.LEASE.toMillis());
      assertThat(env.sql("SELECT epoch FROM " + env.schema + "_lease.cluster_leader")).containsExactly("2");

      try {
        await().atMost(Duration.ofSeconds(120)).until(() -> succeeded(env).equals(Integer.toString(n)));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(second.pid()), "Thread.print").redirectErrorStream(true).start();
        String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new AssertionError(succeeded(env) + " of " + n + " succeeded; " + threads + "\n--- c2:\n"
            + env.log("coordinator-c2") + "\n--- a1:\n" + env.log("agent-a1"), e);
      }
      for (int i = 0; i < n; i++) {
        List<String> m = AgentFaultsIT.marks(marks, "job-" + i);
        assertThat(m.stream().filter(l -> l.startsWith("done"))).as("job-" + i + ": " + m).hasSize(1);
        assertThat(m).as("job-" + i).doesNotHaveDuplicates().last().asString().startsWith("done");
      }
      assertThat(second.isAlive()).isTrue();
      assertThat(env.stored().tasks()).hasSize(n);
      assertThat(env.stored().check()).isEmpty();
      assertThat(env.log("coordinator-c2")).contains("leads the cluster (epoch 2)").contains("40 tasks taken back");
      if (!env.log("coordinator-c2").contains(" 0 attempts in flight taken over")) {
        // what was running when the leader died was taken over, not run again (the marks above say so too)
        await().atMost(ClusterEnv.LOST_AFTER.multipliedBy(10)).until(() -> env.log("coordinator-c2").contains("were claimed by their agents"));
      }
    }
  }

  static List<String> holder(ClusterEnv env) throws Exception {
    try {
      return env.sql("SELECT holder FROM " + env.schema + "_lease.cluster_leader WHERE expires_at > now()");
    } catch (java.sql.SQLException e) {
      return List.of(); // not created yet
    }
  }

  static String succeeded(ClusterEnv env) {
    return Long.toString(env.succeeded());
  }
}
