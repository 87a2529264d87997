package io.taskexec.store.jdbc;

import io.taskexec.store.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreContractTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  protected StateStore open() {
    return new SqliteStateStore(dir.resolve("state.db"), Duration.ofMillis(200));
  }

  @Override
  protected StateStore reopen() {
    return open();
  }
}
