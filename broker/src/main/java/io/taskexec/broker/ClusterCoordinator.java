package io.taskexec.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskexec.config.ClusterConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.EngineBuilder;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.StateStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster coordinator: waits for the leader lease in PostgreSQL, then builds the engine on the
 * store (taking back every task the previous leader left), with its agents remote on RabbitMQ,
 * and serves the {@code tasks} exchange (submissions in, status and completions out through the
 * outbox). The lease is renewed every third of its length; a coordinator that cannot renew it in
 * time stops its engine without recording anything (the next leader resumes the work) and calls
 * the handler given to {@link #onLeadershipLost}.
 *
 * <pre>{@code
 * LeaderLease lease = ClusterCoordinator.awaitLeadership(config);           // a standby waits here
 * StateStore store = StateStores.open(config.engine().stateManager(), dataDir);  // PostgreSQL
 * ClusterCoordinator c = ClusterCoordinator.start(config, lease, TaskExecutionEngine.builder(), store);
 * TaskExecutionEngine engine = c.engine();   // submit, query, cancel as usual
 * }</pre>
 */
public final class ClusterCoordinator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterCoordinator.class);

  private final ClusterConfig cluster;
  private final LeaderLease lease;
  private final Connection amqp;
  /** The 'tasks' exchange's own connection, so that its traffic never throttles the agents'. */
  private final Connection integration;
  /**
   * Agents' heartbeats come in on their own connection, so that a backlog of reports (its
   * socket, its dispatch threads) never delays them past the heartbeat timeout.
   */
  private final Connection heartbeats;
  private final RemoteAgents agents;
  private final TaskExecutionEngine engine;
  private final OutboxRelay relay;
  private final SubmitIntake intake;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Runnable onLost = () -> {};
  private volatile boolean closed;
  /** Set when the lease was lost (the engine stopped); a handler given later runs at once. */
  private volatile boolean deposed;

  private ClusterCoordinator(TaskExecutionConfig config, EngineBuilder builder, StateStore store, LeaderLease lease,
      String jdbcUrl, String schema) throws IOException, SQLException {
    this.cluster = config.cluster();
    this.lease = lease;
    if (lease.lost() != null) throw new BrokerException("the leader lease was lost before coordinating began: " + lease.lost());
    OutboxRelay.install(jdbcUrl, schema);
    LeaderLease.installFence(jdbcUrl, schema);
    this.amqp = Amqp.connect(cluster.amqpUri(), "taskexec coordinator " + lease.holder());
    Channel topology = amqp.createChannel(); // stays open: automatic recovery redeclares through it
    Topology.declareShared(topology);
    this.integration = Amqp.connect(cluster.amqpUri(), "taskexec coordinator " + lease.holder() + " (tasks exchange)");
    this.heartbeats = Amqp.connect(cluster.amqpUri(), "taskexec coordinator " + lease.holder() + " (heartbeats)");
    this.agents = new RemoteAgents(amqp, heartbeats, store, cluster.heartbeatTimeout(), lease.epoch());
    this.engine = builder.config(config).store(store).remoteAgents(agents).build();
    agents.start(engine);
    java.util.List<io.taskexec.engine.TaskSnapshot> adopted = engine.tasks().stream()
        .filter(t -> t.state() == io.taskexec.task.TaskState.PLACED || t.state() == io.taskexec.task.TaskState.RUNNING).toList();
    if (!adopted.isEmpty()) {
      // agents heartbeat within the timeout; what none of them claims by then is placed again
      Thread claims = new Thread(() -> {
        try {
          Thread.sleep(cluster.heartbeatTimeout().toMillis());
          agents.claimOrGiveUp(adopted);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "taskexec-failover-claims");
      claims.setDaemon(true);
      claims.start();
    }
    this.relay = new OutboxRelay(jdbcUrl, schema, integration);
    relay.start();
    this.intake = new SubmitIntake(integration, engine);
    intake.start();
    lease.keepRenewing(); // renewing since the lease was won (awaitLeadership); here only for a lease made by hand
    lease.onLost(this::stepDown); // at once when it was lost while starting
    log.info("coordinator {} leads (epoch {}); {} tasks taken back from the store, {} attempts in flight taken over;"
        + " agents report on {}", lease.holder(), lease.epoch(), engine.recovered().total(), adopted.size(),
        Amqp.redact(cluster.amqpUri()));
  }

  /**
   * Blocks until this process leads the cluster; returns the lease, held and renewed by the
   * coordinator that {@link #start} makes with it. Open the store only after this returns: a
   * store opened earlier numbers its writes from where the previous leader stood when it opened.
   *
   * @throws BrokerException when the configuration does not name a PostgreSQL store
   */
  public static LeaderLease awaitLeadership(TaskExecutionConfig config) throws InterruptedException {
    String url = jdbcUrl(config);
    ClusterConfig c = config.cluster();
    LeaderLease lease = new LeaderLease(url, schemaOf(url), c.coordinatorId() != null ? c.coordinatorId() : defaultId(),
        c.leaderLease());
    lease.acquire();
    lease.keepRenewing(); // from now on: opening the store and starting take seconds on a loaded machine
    return lease;
  }

  /**
   * Starts coordinating with a lease from {@link #awaitLeadership}: builds the engine on
   * {@code store} (the PostgreSQL store of {@code engine.state_manager}, opened after the lease was
   * won), connects to RabbitMQ, and serves agents and the {@code tasks} exchange.
   *
   * @throws BrokerException when RabbitMQ cannot be reached
   */
  public static ClusterCoordinator start(TaskExecutionConfig config, LeaderLease lease, EngineBuilder builder,
      StateStore store) {
    String url = jdbcUrl(config);
    try {
      return new ClusterCoordinator(config, builder, store, lease, url, schemaOf(url));
    } catch (IOException | SQLException | RuntimeException e) {
      lease.release();
      lease.close();
      if (e instanceof BrokerException b) throw b;
      throw new BrokerException("cannot start coordinating: " + e.getMessage(), e);
    }
  }

  /** {@link #awaitLeadership}, then opens the store with {@code openStore}, then {@link #start}. */
  public static ClusterCoordinator lead(TaskExecutionConfig config, EngineBuilder builder,
      java.util.function.Supplier<StateStore> openStore) throws InterruptedException {
    LeaderLease lease = awaitLeadership(config);
    StateStore store;
    try {
      store = openStore.get();
    } catch (RuntimeException e) {
      lease.release();
      lease.close();
      throw e;
    }
    return start(config, lease, builder, store);
  }

  /**
   * The store settings to open the leader's store with: {@code engine.state_manager} with the
   * lease's epoch on every connection, so that its writes are refused once another coordinator
   * leads ({@link LeaderLease#installFence}).
   */
  public static io.taskexec.config.StateManagerConfig storeConfig(TaskExecutionConfig config, LeaderLease lease) {
    io.taskexec.config.StateManagerConfig m = config.engine().stateManager();
    return new io.taskexec.config.StateManagerConfig(m.persistence(), m.syncInterval(), m.dataDirectory(),
        lease.fencedUrl(jdbcUrl(config)));
  }

  private static String jdbcUrl(TaskExecutionConfig config) {
    String url = config.engine().stateManager().url();
    if (url == null || !url.startsWith("jdbc:postgresql:"))
      throw new BrokerException("a cluster keeps its state in PostgreSQL: set engine.state_manager.persistence:"
          + " postgresql and engine.state_manager.url (e.g. jdbc:postgresql://db:5432/taskexec?user=taskexec)");
    return url;
  }

  private static String defaultId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "coordinator";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  static String schemaOf(String url) {
    Properties p = org.postgresql.Driver.parseURL(url, null);
    String s = p == null ? null : p.getProperty("currentSchema");
    return s == null || s.isBlank() ? "taskexec" : s;
  }

  public TaskExecutionEngine engine() {
    return engine;
  }

  public long epoch() {
    return lease.epoch();
  }

  /** The agents heard from, by id. */
  public Map<String, AgentSpec> agents() {
    return agents.agents();
  }

  /** State changes the outbox relay had confirmed by RabbitMQ. */
  public long statusMessagesPublished() {
    return relay.published();
  }

  /** Whether the outbox relay's last look found nothing left to publish. */
  public boolean statusRelayIdle() {
    return relay.idle();
  }

  /** Status messages that carried them (one per task per relay batch). */
  public long statusMessagesSent() {
    return relay.messages();
  }

  /** Submissions taken from the {@code tasks} exchange, and those refused (dead-lettered). */
  public long submissionsAccepted() {
    return intake.accepted();
  }

  public long submissionsRejected() {
    return intake.rejected();
  }

  /** What to do when the lease is lost (the engine is stopped already); e.g. exit the process. */
  public void onLeadershipLost(Runnable handler) {
    this.onLost = handler;
    if (deposed) handler.run(); // lost before the handler was given
  }

  /** Blocks until the coordinator stops (closed or deposed). */
  public void awaitStop() throws InterruptedException {
    done.await();
  }

  private void stepDown(String why) {
    if (closed) return;
    log.error("coordinator {} is no longer the leader: {}; stopping (the next leader resumes the work)", lease.holder(), why);
    shutdown(false);
    deposed = true;
    onLost.run();
  }

  private synchronized void shutdown(boolean release) {
    if (closed) return;
    closed = true;
    intake.close();
    agents.close(); // no more placements, cancels or acks
    relay.close();
    engine.stop();
    if (release) lease.release();
    lease.close();
    for (Connection c : new Connection[] {integration, heartbeats, amqp}) {
      try {
        c.close(5000);
      } catch (Exception e) {
        log.debug("closing an AMQP connection", e);
      }
    }
    done.countDown();
  }

  /**
   * Stops coordinating without ending any task (agents keep nothing: the next leader places again
   * what ran) and gives the lease up, so a standby takes over at once.
   */
  @Override
  public void close() {
    shutdown(true);
  }

  /** For tests: the lease's clock-safe validity. */
  boolean leading() {
    return !closed && lease.valid();
  }

  static Duration lease(ClusterConfig c) {
    return c.leaderLease();
  }
}
