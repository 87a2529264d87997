package io.taskexec.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.StateManagerConfig;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {
  @TempDir Path dir;

  private static StateManagerConfig cfg(String persistence, String url) {
    return new StateManagerConfig(persistence, Duration.ofMillis(100), ".taskexec", url);
  }

  @Test
  void sqlite_keeps_its_file_in_the_data_directory() {
    try (StateStore s = StateStores.open(cfg("sqlite", null), dir.resolve("data"))) {
      assertThat(s).isInstanceOf(SqliteStateStore.class);
    }
    assertThat(dir.resolve("data/state.db")).exists();
  }

  @Test
  void memory_keeps_nothing_on_disk() {
    try (StateStore s = StateStores.open(cfg("memory", null), dir)) {
      assertThat(s).isInstanceOf(InMemoryStateStore.class);
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void postgresql_uses_the_schema_the_url_names() throws Exception {
    String schema = Pg.newSchema();
    try (StateStore s = StateStores.open(cfg("postgresql", Pg.URL + "&currentSchema=" + schema), dir)) {
      assertThat(((PostgresStateStore) s).where()).endsWith("schema " + schema);
    } finally {
      Pg.drop(schema);
    }
  }

  @Test
  void postgresql_without_a_url_says_what_to_write() {
    assertThatThrownBy(() -> StateStores.open(cfg("postgresql", null), dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("state_manager.url is not set");
  }

  @Test
  void an_unknown_persistence_lists_the_known_ones() {
    assertThatThrownBy(() -> StateStores.open(cfg("redis", null), dir))
        .isInstanceOf(StoreException.class)
        .hasMessage("state_manager.persistence is redis; use sqlite, postgresql or memory");
  }
}
