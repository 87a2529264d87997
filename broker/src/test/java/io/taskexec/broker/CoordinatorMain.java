package io.taskexec.broker;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.store.StateStore;
import io.taskexec.store.jdbc.StateStores;
import java.nio.file.Path;

/** A coordinator process for tests: {@code CoordinatorMain CONFIG DATA_DIR}; exits 75 when deposed. */
public final class CoordinatorMain {
  private CoordinatorMain() {}

  public static void main(String[] args) throws Exception {
    TaskExecutionConfig config = ConfigReader.read(Path.of(args[0]));
    Path data = Path.of(args[1]);
    LeaderLease lease = ClusterCoordinator.awaitLeadership(config); // a standby waits here
    StateStore store = StateStores.open(ClusterCoordinator.storeConfig(config, lease), data); // fenced by epoch
    ClusterCoordinator c = ClusterCoordinator.start(config, lease, TaskExecutionEngine.builder().dataDirectory(data), store);
    c.onLeadershipLost(() -> Runtime.getRuntime().halt(75));
    Runtime.getRuntime().addShutdownHook(new Thread(c::close));
    c.awaitStop();
    store.close();
  }
}
