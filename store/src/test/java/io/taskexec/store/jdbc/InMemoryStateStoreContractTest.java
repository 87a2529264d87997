package io.taskexec.store.jdbc;

import io.taskexec.store.InMemoryStateStore;
import io.taskexec.store.StateStore;

class InMemoryStateStoreContractTest extends StateStoreContract {
  @Override
  protected StateStore open() {
    return new InMemoryStateStore();
  }
}
