package io.taskexec.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskexec.config.ClusterConfig;
import io.taskexec.place.AgentSpec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's heartbeats, on a connection and a thread of their own. They used to go out between
 * report batches on the reports' connection: a long backlog of reports (each batch awaiting its
 * publisher confirm, RabbitMQ throttling a connection that publishes faster than the coordinator
 * consumes) then delayed them past the heartbeat timeout, and the coordinator declared a busy,
 * healthy agent lost and placed its attempts again. Now a heartbeat waits for nothing but its own
 * publish. Transient messages that expire after the heartbeat timeout (an old heartbeat says
 * nothing). Thread-safe.
 */
final class AgentHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentHeartbeat.class);

  private final ClusterConfig cluster;
  private final AgentSpec spec;
  private final String incarnation;
  private final Supplier<List<Wire.Running>> running;
  private final Connection connection;
  private final Channel channel;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "taskexec-agent-heartbeat");
    t.setDaemon(true);
    return t;
  });

  /** @param running the attempts the agent runs now, listed in each heartbeat */
  AgentHeartbeat(ClusterConfig cluster, AgentSpec spec, String incarnation, Supplier<List<Wire.Running>> running) {
    this.cluster = cluster;
    this.spec = spec;
    this.incarnation = incarnation;
    this.running = running;
    this.connection = Amqp.connect(cluster.amqpUri(), "taskexec agent " + spec.id() + " (heartbeats)");
    try {
      this.channel = connection.createChannel();
    } catch (IOException e) {
      closeConnection();
      throw new BrokerException("cannot open the agent's heartbeat channel: " + e.getMessage(), e);
    }
  }

  /** Sends one now and then one every heartbeat interval until {@link #close}. */
  void start() {
    long every = cluster.heartbeatInterval().toMillis();
    timer.scheduleAtFixedRate(() -> {
      try {
        send(false);
      } catch (Exception e) {
        log.warn("a heartbeat could not be sent ({}); the next one follows in {} ms", e.toString(), every);
      }
    }, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Stops the periodic heartbeats and sends the farewell ({@code leaving: true}); then disconnects. */
  void leave() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      send(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("the farewell heartbeat could not be sent ({}); the coordinator declares this agent lost instead", e.toString());
    }
    closeConnection();
  }

  private synchronized void send(boolean leaving) throws IOException {
    AMQP.BasicProperties p = new AMQP.BasicProperties.Builder().type(Wire.HEARTBEAT).contentType("application/json")
        .deliveryMode(1).expiration(Long.toString(cluster.heartbeatTimeout().toMillis())).build();
    channel.basicPublish(Topology.CLUSTER, Topology.HEARTBEAT_KEY, false, p,
        Wire.heartbeat(new Wire.Heartbeat(spec, incarnation, running.get(), leaving)));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    closeConnection();
  }

  private void closeConnection() {
    try {
      if (connection.isOpen()) connection.close(5000);
    } catch (Exception e) {
      log.debug("closing the heartbeat connection", e);
    }
  }
}
