package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster upgraded while status messages waited in the per-change outbox of earlier versions:
 * the new coordinator publishes them, then empties that table, and relays new changes the new way.
 */
class OutboxUpgradeIT {
  @TempDir Path dir;

  @Test
  void status_messages_left_in_the_old_outbox_are_published_after_the_upgrade() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      new PostgresStateStore(env.jdbcUrl, env.schema, StoreOptions.DEFAULT).close(); // migrates: the old outbox table exists
      env.sql("INSERT INTO outbox (task_id, attempt, state, event_type, at_ns, agent_id, exit_code)"
          + " VALUES ('legacy-1', 1, 'SUCCEEDED', 'SUCCEEDED', 1795568400000000000, 'a1', 0)");
      try (Connection conn = Amqp.connect(env.amqpUri, "test"); Channel ch = conn.createChannel()) {
        Topology.declareShared(ch);
        ch.queueDeclare("watch", true, false, false, null);
        ch.queueBind("watch", Topology.TASKS, Topology.STATUS_PREFIX + "legacy-1");
        ch.queueBind("watch", Topology.TASKS, Topology.COMPLETE_KEY);

        env.coordinator("c1");
        await().atMost(Duration.ofSeconds(60)).until(() -> env.sql("SELECT count(*) FROM outbox").equals(List.of("0")));
        GetResponse status = ch.basicGet("watch", true);
        GetResponse complete = ch.basicGet("watch", true);
        assertThat(status).isNotNull();
        assertThat(complete).isNotNull();
        assertThat(ch.basicGet("watch", true)).isNull();
        for (GetResponse g : List.of(status, complete)) {
          assertThat(g.getProps().getMessageId()).isEqualTo("legacy-1/1/SUCCEEDED");
          String body = new String(g.getBody(), StandardCharsets.UTF_8);
          assertThat(MessageSchemasTest.errors("status", body)).isEmpty();
          assertThat(body).contains("\"state\":\"SUCCEEDED\"").contains("\"at\":\"2026-11-25T01:00:00Z\"");
        }
        assertThat(List.of(status.getEnvelope().getRoutingKey(), complete.getEnvelope().getRoutingKey()))
            .containsExactlyInAnyOrder("task.status.legacy-1", "complete");
      }
    }
  }
}
