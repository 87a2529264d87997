package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.store.StoredTask;
import io.taskexec.store.jdbc.PostgresStateStore;
import io.taskexec.store.jdbc.StoreOptions;
import io.taskexec.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of a deposed leader writes nothing once another coordinator won the lease: its
 * connections carry its epoch, and the fence in PostgreSQL refuses their inserts (real PostgreSQL).
 */
class LeaseFenceIT {
  @TempDir Path dir;

  @Test
  void a_deposed_leaders_store_can_write_nothing_after_the_lease_passed() throws Exception {
    try (ClusterEnv env = new ClusterEnv(dir)) {
      Duration lease = Duration.ofSeconds(30);
      LeaderLease first = new LeaderLease(env.jdbcUrl, env.schema, "c1", lease);
      assertThat(first.tryAcquire()).isEqualTo(1);
      try (PostgresStateStore old = new PostgresStateStore(first.fencedUrl(env.jdbcUrl), env.schema, StoreOptions.DEFAULT)) {
        LeaderLease.installFence(env.jdbcUrl, env.schema);
        old.submit(List.of(task("before", 1)));
        assertThat(env.sql("SELECT id FROM tasks")).containsExactly("before");

        first.release(); // as if it ran out: c2 takes it with epoch 2
        LeaderLease second = new LeaderLease(env.jdbcUrl, env.schema, "c2", lease);
        try {
          assertThat(second.tryAcquire()).isEqualTo(2);
          assertThatThrownBy(() -> old.submit(List.of(task("after", 2))))
              .hasMessageContaining("was deposed: the leader lease is at epoch 2");
          assertThat(env.sql("SELECT id FROM tasks")).containsExactly("before");

          // the new leader's store writes; a connection without an epoch (a tool) is not fenced
          try (PostgresStateStore now = new PostgresStateStore(second.fencedUrl(env.jdbcUrl), env.schema, StoreOptions.DEFAULT)) {
            now.submit(List.of(task("by-c2", 3)));
          }
          assertThat(env.sql("SELECT id FROM tasks ORDER BY id")).containsExactly("before", "by-c2");
        } finally {
          second.close();
        }
      } finally {
        first.close();
      }
    }
  }

  private static StoredTask task(String id, long seq) {
    return new StoredTask(Task.builder(id, "noop").build(), seq, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
  }
}
