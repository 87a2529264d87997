package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent submitters share one commit, and none is acknowledged before it. */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void submissions_queued_while_the_writer_is_busy_are_written_in_one_commit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve("state.db"), Duration.ofSeconds(1))) {
      CountDownLatch busy = new CountDownLatch(1), release = new CountDownLatch(1);
      CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> store.runOnWriter(c -> {
        busy.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }), pool);
      busy.await(30, TimeUnit.SECONDS);
      long before = store.commits();

      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int th = t;
        acks.add(CompletableFuture.runAsync(() -> store.submit(batch("s" + th + "-", th * 100L + 1, 100)), pool));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> store.queuedSubmissions() == 8);
      assertThat(acks).noneMatch(CompletableFuture::isDone);

      release.countDown();
      blocker.get(30, TimeUnit.SECONDS);
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(store.commits() - before).isEqualTo(2); // the blocker's round, then all eight together
      assertThat(store.tasks()).hasSize(800);
    } finally {
      pool.shutdownNow();
    }
  }
}
