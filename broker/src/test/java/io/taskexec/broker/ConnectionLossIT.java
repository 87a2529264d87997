package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskResult;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ drops every connection and PostgreSQL terminates the coordinator's sessions in the
 * middle of a run: clients reconnect, messages are delivered again and handled once, and no task
 * is lost or runs again after it succeeded.
 */
class ConnectionLossIT {
  @TempDir Path dir;

  @Test
  void broker_and_database_connection_losses_mid_run_lose_nothing_and_repeat_nothing() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      ClusterCoordinator c = env.coordinator("c1");
      TaskExecutionEngine engine = c.engine();
      for (String a : List.of("a1", "a2", "a3")) env.agent(a, 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().size() == 3);
      try (com.rabbitmq.client.Connection conn = Amqp.connect(env.amqpUri, "test"); com.rabbitmq.client.Channel ch = conn.createChannel()) {
        ch.queueDeclare("completions", true, false, false, null); // durable: it outlives the broker's connection drops
        ch.queueBind("completions", Topology.TASKS, Topology.COMPLETE_KEY);
      }

      Path marks = Files.createDirectories(dir.resolve("marks"));
      int n = 150;
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) tasks.add(AgentFaultsIT.marked(marks, "job-" + i, 0.2));
      var handles = engine.submitAll(tasks);

      await().atMost(Duration.ofSeconds(60)).until(() -> engine.counts().get(TaskState.SUCCEEDED) >= 20);
      env.closeBrokerConnections();
      await().atMost(Duration.ofSeconds(60)).until(() -> engine.counts().get(TaskState.SUCCEEDED) >= 60);
      assertThat(env.terminateDatabaseConnections()).isPositive();
      await().atMost(Duration.ofSeconds(60)).until(() -> engine.counts().get(TaskState.SUCCEEDED) >= 100);
      env.closeBrokerConnections();
      assertThat(env.terminateDatabaseConnections()).isPositive();

      await().atMost(Duration.ofSeconds(120)).until(() -> engine.counts().get(TaskState.SUCCEEDED) == n);
      for (var h : handles) {
        TaskResult r = h.result().join();
        assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
        AttemptRecord last = r.attempts().get(r.attempts().size() - 1);
        List<String> m = AgentFaultsIT.marks(marks, r.taskId());
        // each attempt ran at most once, and nothing ran after the attempt that succeeded
        assertThat(m).as(r.taskId()).doesNotHaveDuplicates().endsWith("done " + last.attempt());
        assertThat(m.stream().filter(l -> l.startsWith("done"))).as(r.taskId()).hasSize(1);
      }
      // and the durable state says the same, with nothing left to publish
      await().atMost(Duration.ofSeconds(30)).until(() -> env.sql("SELECT count(*) FROM outbox_writes").equals(List.of("0")));
      assertThat(env.succeeded()).isEqualTo(n);
      // every completion reached the 'tasks' exchange through the outbox: none lost, a repeat only with its message id
      java.util.Set<String> completed = new java.util.HashSet<>();
      try (com.rabbitmq.client.Connection conn = Amqp.connect(env.amqpUri, "test"); com.rabbitmq.client.Channel ch = conn.createChannel()) {
        com.rabbitmq.client.GetResponse g;
        while ((g = ch.basicGet("completions", true)) != null) {
          assertThat(g.getProps().getMessageId()).endsWith("/SUCCEEDED");
          completed.add(g.getProps().getMessageId());
        }
      }
      assertThat(completed).hasSize(n);
      assertThat(env.stored().events().stream().filter(e -> e.type() == io.taskexec.event.EventType.SUCCEEDED)).hasSize(n);
      assertThat(env.stored().check()).isEmpty();
    }
  }
}
