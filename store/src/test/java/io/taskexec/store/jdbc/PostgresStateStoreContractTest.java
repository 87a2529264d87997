package io.taskexec.store.jdbc;

import io.taskexec.store.StateStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class PostgresStateStoreContractTest extends StateStoreContract {
  private final String schema = Pg.newSchema();

  @Override
  protected StateStore open() {
    return new PostgresStateStore(Pg.URL, schema, Duration.ofMillis(200));
  }

  @Override
  protected StateStore reopen() {
    return open();
  }

  @AfterEach
  void dropSchema() throws Exception {
    store.close();
    Pg.drop(schema);
  }
}
