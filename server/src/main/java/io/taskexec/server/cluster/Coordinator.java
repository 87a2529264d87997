package io.taskexec.server.cluster;

import io.taskexec.broker.ClusterCoordinator;
import io.taskexec.broker.LeaderLease;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.EngineBuilder;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.store.StateStore;
import io.taskexec.store.jdbc.StateStores;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's entry to cluster mode, two calls in {@code TaskexecServer.start}:
 * {@link #openStore} in place of {@code StateStores.open}, and {@link #engine} in place of
 * {@code builder.build()}. Without a {@code cluster} section they do exactly what they replace.
 * With one, {@link #openStore} first waits until this server leads the cluster (a standby waits
 * there; the store is opened only by the leader, so that it writes on from where the previous
 * leader stopped), and {@link #engine} returns the coordinator's engine: agents remote on RabbitMQ,
 * the {@code tasks} exchange served, state in PostgreSQL. A server that loses the lease exits with
 * status {@value #LOST_LEADERSHIP_EXIT} (try again later) so that its supervisor restarts it as a
 * standby.
 */
public final class Coordinator {
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
  /** The process exit status after losing the leader lease. */
  public static final int LOST_LEADERSHIP_EXIT = 75;
  /** The lease won by {@link #openStore}, used by {@link #engine}; one per process. */
  private static LeaderLease lease;
  /** The coordinator {@link #engine} started, until {@link #stop}. */
  private static ClusterCoordinator current;

  private Coordinator() {}

  /** The store of {@code engine.state_manager}; in cluster mode, opened once this server leads. */
  public static synchronized StateStore openStore(TaskExecutionConfig config, Path dataDir) {
    if (config.cluster().enabled() && lease == null) {
      try {
        lease = ClusterCoordinator.awaitLeadership(config);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the leader lease", e);
      }
    }
    if (config.cluster().enabled()) // the leader's store: its writes are fenced by the lease epoch
      return StateStores.open(ClusterCoordinator.storeConfig(config, lease), dataDir);
    return StateStores.open(config.engine().stateManager(), dataDir);
  }

  /** The engine to serve: the embedded one, or a cluster coordinator's. */
  public static synchronized TaskExecutionEngine engine(TaskExecutionConfig config, EngineBuilder builder, StateStore store) {
    if (!config.cluster().enabled()) return builder.build();
    if (lease == null) { // the store was not opened through openStore: win the lease now
      log.warn("the store was opened before this server led the cluster; open it with Coordinator.openStore");
      try {
        lease = ClusterCoordinator.awaitLeadership(config);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the leader lease", e);
      }
    }
    ClusterCoordinator c = ClusterCoordinator.start(config, lease, builder, store);
    lease = null;
    c.onLeadershipLost(() -> {
      log.error("this server lost the leader lease; exiting with status {} so that it restarts as a standby",
          LOST_LEADERSHIP_EXIT);
      Runtime.getRuntime().halt(LOST_LEADERSHIP_EXIT);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(c::close, "taskexec-coordinator-stop"));
    current = c;
    return c.engine();
  }

  /**
   * Stops this process's coordinator, if any: its engine stops without ending any task, and the
   * lease is given up so that a standby takes over at once. Also done by a shutdown hook.
   */
  public static synchronized void stop() {
    if (current != null) current.close();
    current = null;
  }
}
