package io.taskexec.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.taskexec.config.ClusterConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.AttemptReport;
import io.taskexec.engine.LocalAgent;
import io.taskexec.engine.Placement;
import io.taskexec.execute.HandlerExecutor;
import io.taskexec.execute.NoopExecutor;
import io.taskexec.execute.ShellExecutor;
import io.taskexec.execute.SleepExecutor;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.execute.TaskHandler;
import io.taskexec.place.AgentSpec;
import io.taskexec.time.Clock;
import io.taskexec.time.TimeOrderedIds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process: an engine-less runner. It heartbeats its capacity, labels and running attempts
 * to the coordinator, takes placements from its own durable queue, runs them on a pool of worker
 * threads with the same executors as the embedded engine ({@code shell}, {@code noop},
 * {@code sleep}, {@link TaskHandler}s found by {@link ServiceLoader}), and streams starts, processes,
 * progress, samples and ends back in batches, published persistent and confirmed (a batch not
 * confirmed is sent again; the coordinator ignores what it has seen).
 *
 * <p>Each start of an agent is a new incarnation: placements addressed to an earlier one (queued
 * while the agent was down, and already given up by the coordinator) are dropped. A placement
 * seen before (a redelivery) is not run again.
 */
public final class AgentRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);
  private static final int MAX_BATCH = 4000;
  private static final int SEEN_LIMIT = 200_000;

  private final ClusterConfig cluster;
  private final AgentSpec spec;
  private final String incarnation = TimeOrderedIds.next().toString();
  private final Map<String, TaskExecutor> executors;
  private final Path logRoot;
  private final Clock clock = Clock.system();
  private final ThreadPoolExecutor pool;
  private final Connection connection;
  private final Channel in;
  private final Channel out;
  private final Map<String, AgentAttempt> running = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<AttemptReport> outbound = new ConcurrentLinkedQueue<>();
  private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
      return size() > SEEN_LIMIT;
    }
  };
  private final Thread sender;
  private final AgentHeartbeat heartbeat;
  private final AgentMetrics metrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile long maxEpoch;

  private AgentRunner(TaskExecutionConfig config, Path dataDir, List<TaskHandler> handlers) {
    this.cluster = config.cluster();
    String id = cluster.agentId() != null ? cluster.agentId() : hostName();
    AgentSpec detected = LocalAgent.detect(id, config.engine().resourceManager().localAgent(), dataDir);
    Map<String, String> labels = new LinkedHashMap<>(detected.labels());
    labels.putAll(cluster.labels());
    this.spec = new AgentSpec(id, detected.cpuCores(), detected.memoryGb(), detected.storageGb(), detected.gpuIndices(), labels);
    Map<String, TaskExecutor> ex = new HashMap<>();
    for (TaskExecutor e : List.of(new ShellExecutor(), new NoopExecutor(), new SleepExecutor())) ex.put(e.type(), e);
    for (TaskHandler h : ServiceLoader.load(TaskHandler.class)) ex.putIfAbsent(h.type(), new HandlerExecutor(h));
    for (TaskHandler h : handlers) ex.put(h.type(), new HandlerExecutor(h));
    this.executors = Map.copyOf(ex);
    this.logRoot = dataDir.resolve("logs");
    int workers = Math.max(1, config.engine().workerPool().maxWorkers());
    this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "taskexec-agent-worker");
      t.setDaemon(true);
      return t;
    });
    this.connection = Amqp.connect(cluster.amqpUri(), "taskexec agent " + id);
    try {
      this.out = connection.createChannel();
      out.confirmSelect();
      this.in = connection.createChannel();
      Topology.declareShared(in);
      Topology.declareAgent(in, id);
      in.basicQos(256);
    } catch (IOException e) {
      closeQuietly();
      throw new BrokerException("cannot set up the agent's queue on RabbitMQ: " + e.getMessage(), e);
    }
    this.metrics = new AgentMetrics(spec, this::runningForMetrics, outbound::size);
    this.sender = new Thread(this::send, "taskexec-agent-sender");
    sender.setDaemon(true);
    try {
      this.heartbeat = new AgentHeartbeat(cluster, spec, incarnation, this::runningNow);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * Starts an agent: connects, declares its queue, begins to heartbeat and to take placements.
   *
   * @param dataDir where attempts' logs go ({@code logs/<task>/attempt-N.stdout})
   * @param handlers Java handlers besides those found by {@link ServiceLoader}
   */
  public static AgentRunner start(TaskExecutionConfig config, Path dataDir, List<TaskHandler> handlers) {
    AgentRunner a = new AgentRunner(config, dataDir, handlers);
    a.sender.start();
    a.heartbeat.start();
    try {
      a.in.basicConsume(Topology.agentQueue(a.spec.id()), false, "agent-" + a.incarnation, a.new Inbox(a.in));
    } catch (IOException e) {
      a.close();
      throw new BrokerException("cannot consume the agent's queue: " + e.getMessage(), e);
    }
    log.info("agent {} ({} cores, {} GB memory, GPUs {}, labels {}) joined through {}", a.spec.id(), a.spec.cpuCores(),
        a.spec.memoryGb(), a.spec.gpuIndices(), a.spec.labels(), Amqp.redact(a.cluster.amqpUri()));
    return a;
  }

  public AgentSpec spec() {
    return spec;
  }

  /** This agent's metrics, to serve ({@link AgentMetricsServer}) or scrape. */
  public AgentMetrics metrics() {
    return metrics;
  }

  private List<AgentMetrics.Running> runningForMetrics() {
    List<AgentMetrics.Running> out = new ArrayList<>(running.size());
    for (AgentAttempt a : running.values()) {
      Placement p = a.placement;
      out.add(new AgentMetrics.Running(p.task() == null ? "unknown" : p.task().type(), p.allocation().resources(),
          p.allocation().gpuIndices().size()));
    }
    return out;
  }

  /** How many attempts run (or wait for a worker) now. */
  public int runningCount() {
    return running.size();
  }

  /** Blocks until {@link #close} is called. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private final class Inbox extends DefaultConsumer {
    Inbox(Channel ch) {
      super(ch);
    }

    @Override
    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) throws IOException {
      try {
        if (Wire.CANCEL.equals(props.getType())) cancel(Wire.readCancel(body));
        else placements(Wire.readPlacements(body, spec.id()));
        getChannel().basicAck(env.getDeliveryTag(), false);
      } catch (RuntimeException e) {
        log.error("a message the agent cannot read goes to the dead-letter queue: {}", e.toString());
        getChannel().basicReject(env.getDeliveryTag(), false);
      }
    }
  }

  private void placements(Wire.PlacementBatch b) {
    if (!incarnation.equals(b.incarnation())) {
      log.info("dropping {} placements addressed to an earlier start of this agent", b.placements().size());
      return;
    }
    if (b.epoch() < maxEpoch) {
      log.warn("dropping {} placements of a deposed coordinator (epoch {} < {})", b.placements().size(), b.epoch(), maxEpoch);
      return;
    }
    maxEpoch = b.epoch();
    List<AgentAttempt> jobs = new ArrayList<>(b.placements().size());
    synchronized (seen) {
      for (Placement p : b.placements()) {
        String key = p.taskId() + '#' + p.attempt();
        if (seen.put(key, Boolean.TRUE) != null) continue; // a redelivery: it runs (or ran) already
        AgentAttempt a = new AgentAttempt(p, executors.get(p.task().type()), logRoot, clock, spec.id(), this::report, () -> {});
        jobs.add(a);
      }
    }
    for (AgentAttempt a : jobs) {
      metrics.placed();
      AgentAttempt before = running.put(a.placement.taskId(), a);
      if (before != null) before.cancel(io.taskexec.error.FailureKind.LOST_WORKER); // superseded attempt
      pool.execute(() -> {
        try {
          a.run();
        } finally {
          running.remove(a.placement.taskId(), a);
        }
      });
    }
  }

  private void cancel(Wire.Cancel c) {
    AgentAttempt a = running.get(c.taskId());
    if (a != null && a.placement.attempt() == c.attempt()) a.cancel(c.reason());
  }

  private void report(AttemptReport r) {
    if (r instanceof AttemptReport.Ended e) {
      AgentAttempt a = running.get(e.taskId());
      metrics.ended(a == null || a.placement.task() == null ? "unknown" : a.placement.task().type(), e);
    }
    outbound.add(r);
  }

  /**
   * The thread that publishes report batches: persistent, confirmed, and sent again until
   * confirmed. Heartbeats go out on their own ({@link AgentHeartbeat}), so that a backlog here
   * never silences them.
   */
  private void send() {
    List<AttemptReport> unconfirmed = new ArrayList<>();
    while (!closing || !outbound.isEmpty() || !unconfirmed.isEmpty()) {
      try {
        if (unconfirmed.isEmpty()) drain(unconfirmed);
        if (!unconfirmed.isEmpty()) {
          out.basicPublish(Topology.CLUSTER, Topology.COORDINATOR_KEY, true, props(Wire.REPORTS, 2),
              Wire.reports(spec.id(), incarnation, compact(unconfirmed)));
          out.waitForConfirmsOrDie(10_000);
          unconfirmed.clear();
        }
        if (outbound.isEmpty()) LockSupport.parkNanos(500_000);
      } catch (Exception e) {
        if (closing && !connection.isOpen()) break;
        log.warn("publishing to RabbitMQ failed ({}); {} reports are kept and sent again", e.toString(), unconfirmed.size());
        LockSupport.parkNanos(500_000_000L);
      }
    }
  }

  private void drain(List<AttemptReport> into) {
    AttemptReport r;
    while (into.size() < MAX_BATCH && (r = outbound.poll()) != null) into.add(r);
  }

  /** A start whose end is in the same batch says nothing the end does not (it carries the start time). */
  private static List<AttemptReport> compact(List<AttemptReport> batch) {
    java.util.Set<String> ended = null;
    for (AttemptReport r : batch) {
      if (r instanceof AttemptReport.Ended) {
        if (ended == null) ended = new java.util.HashSet<>();
        ended.add(r.taskId() + '#' + r.attempt());
      }
    }
    if (ended == null) return batch;
    List<AttemptReport> out = new ArrayList<>(batch.size());
    for (AttemptReport r : batch) {
      if (r instanceof AttemptReport.Started && ended.contains(r.taskId() + '#' + r.attempt())) continue;
      out.add(r);
    }
    return out;
  }

  private List<Wire.Running> runningNow() {
    List<Wire.Running> now = new ArrayList<>(running.size());
    for (AgentAttempt a : running.values()) now.add(new Wire.Running(a.placement.taskId(), a.placement.attempt()));
    return now;
  }

  static AMQP.BasicProperties props(String type, int deliveryMode) {
    return new AMQP.BasicProperties.Builder().type(type).contentType("application/json").deliveryMode(deliveryMode).build();
  }

  /**
   * Leaves the cluster: stops taking placements, stops what runs (the coordinator places it
   * elsewhere), sends the last reports and a farewell heartbeat, and disconnects.
   */
  @Override
  public void close() {
    if (closing) return;
    log.info("agent {} is leaving; {} attempts are stopped and placed elsewhere", spec.id(), running.size());
    try {
      if (in != null && in.isOpen()) in.close();
    } catch (Exception e) {
      log.debug("closing the consumer channel", e);
    }
    for (AgentAttempt a : running.values()) a.cancel(io.taskexec.error.FailureKind.LOST_WORKER);
    closing = true;
    try {
      sender.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeat.leave(); // after the last reports
    pool.shutdownNow();
    closeQuietly();
    stopped.countDown();
  }

  private void closeQuietly() {
    if (heartbeat != null) heartbeat.close();
    try {
      if (connection != null) connection.close(5000);
    } catch (Exception e) {
      log.debug("closing the connection", e);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (IOException e) {
      return "agent";
    }
  }
}
