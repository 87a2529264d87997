package io.taskexec.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.taskexec.engine.AttemptDispatcher;
import io.taskexec.engine.Placement;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.error.FailureKind;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of its agents: it learns agents from their heartbeats (adding them to the
 * engine), declares one lost when it is silent for the heartbeat timeout (the engine places its
 * attempts again), publishes placements and cancels to each agent's queue in batches, and feeds
 * the agents' reports to the engine, acknowledging each report message only once the events it
 * caused are durable in the store.
 */
final class RemoteAgents implements AttemptDispatcher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteAgents.class);

  /** An agent as last heard of. */
  private static final class Known {
    final String incarnation;
    volatile AgentSpec spec;
    volatile long lastSeen;
    /** What its last heartbeat said it runs, as task#attempt. */
    volatile java.util.Set<String> running = java.util.Set.of();

    Known(String incarnation, AgentSpec spec, long lastSeen) {
      this.incarnation = incarnation;
      this.spec = spec;
      this.lastSeen = lastSeen;
    }
  }

  private sealed interface Out {}

  private record Send(List<Placement> placements) implements Out {}

  private record Stop(Placement placement, FailureKind reason) implements Out {}

  private record Ack(long tag, CompletableFuture<Void> handled) {}

  private final Connection amqp;
  /** Heartbeats are consumed on a connection of their own: its own socket and dispatch threads. */
  private final Connection beats;
  private final StateStore store;
  private final Duration timeout;
  private final long epoch;
  private final Map<String, Known> agents = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Out> outbound = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
  private final AtomicLong reportMessages = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile TaskExecutionEngine engine;
  private volatile boolean closed;
  private Channel publish;
  private Channel reports;
  private Channel heartbeats;

  RemoteAgents(Connection amqp, Connection beats, StateStore store, Duration heartbeatTimeout, long epoch) {
    this.amqp = amqp;
    this.beats = beats;
    this.store = store;
    this.timeout = heartbeatTimeout;
    this.epoch = epoch;
  }

  /** Starts consuming heartbeats and reports for {@code engine}. */
  void start(TaskExecutionEngine engine) throws IOException {
    this.engine = engine;
    publish = amqp.createChannel();
    publish.confirmSelect();
    reports = amqp.createChannel();
    reports.basicQos(64);
    heartbeats = beats.createChannel();
    thread("taskexec-placements", this::sendLoop);
    thread("taskexec-report-acks", this::ackLoop);
    thread("taskexec-agent-watch", this::watchLoop);
    heartbeats.basicConsume(Topology.HEARTBEAT_QUEUE, true, new DefaultConsumer(heartbeats) {
      @Override
      public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
        try {
          heartbeat(Wire.readHeartbeat(body));
        } catch (RuntimeException e) {
          log.warn("ignoring a heartbeat that cannot be read: {}", e.toString());
        }
      }
    });
    reports.basicConsume(Topology.COORDINATOR_QUEUE, false, new DefaultConsumer(reports) {
      @Override
      public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) throws IOException {
        Wire.ReportBatch b;
        try {
          b = Wire.readReports(body);
        } catch (RuntimeException e) {
          log.error("a report message that cannot be read goes to the dead-letter queue: {}", e.toString());
          getChannel().basicReject(env.getDeliveryTag(), false);
          return;
        }
        Known k = agents.get(b.agentId());
        if (k != null) k.lastSeen = System.nanoTime(); // reports say the agent is alive, too
        reportMessages.incrementAndGet();
        acks.add(new Ack(env.getDeliveryTag(), engine.report(b.agentId(), b.reports())));
      }
    });
  }

  private void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  // ---- agents come and go ------------------------------------------------------------------------

  private void heartbeat(Wire.Heartbeat h) {
    String id = h.agent().id();
    long now = System.nanoTime();
    Known k = agents.get(id);
    if (h.leaving()) {
      if (k != null && k.incarnation.equals(h.incarnation()) && agents.remove(id, k)) {
        log.info("agent {} left the cluster", id);
        engine.removeAgent(id, "left the cluster");
      }
      return;
    }
    if (k == null || !k.incarnation.equals(h.incarnation())) {
      if (k != null) {
        log.warn("agent {} restarted; what its previous run held is placed again", id);
        engine.removeAgent(id, "restarted");
      } else {
        log.info("agent {} joined: {} cores, {} GB memory, {} GB disk, GPUs {}, labels {}", id, h.agent().cpuCores(),
            h.agent().memoryGb(), h.agent().storageGb(), h.agent().gpuIndices(), h.agent().labels());
      }
      agents.put(id, new Known(h.incarnation(), h.agent(), now));
      engine.addAgent(h.agent());
    } else {
      k.lastSeen = now;
      if (!k.spec.equals(h.agent())) {
        k.spec = h.agent();
        engine.addAgent(h.agent());
      }
    }
    java.util.Set<String> now2 = new java.util.HashSet<>();
    for (Wire.Running r : h.running()) now2.add(r.taskId() + '#' + r.attempt());
    Known current = agents.get(id);
    if (current != null) current.running = now2;
    reconcile(id, h);
  }

  /**
   * After a failover: the attempts the previous leader had placed stay current as long as their
   * agents claim them; those no agent runs (its agent gone, or it never got the placement) are
   * given up and placed again.
   */
  void claimOrGiveUp(List<TaskSnapshot> adopted) {
    int given = 0;
    for (TaskSnapshot was : adopted) {
      Optional<TaskSnapshot> now = engine.task(was.task().id());
      if (now.isEmpty() || now.get().attempt() != was.attempt() || now.get().state().isTerminal()) continue;
      Known k = was.agentId() == null ? null : agents.get(was.agentId());
      if (k != null && k.running.contains(was.task().id() + '#' + was.attempt())) continue;
      engine.attemptLost(was.task().id(), was.attempt(), "agent " + was.agentId()
          + (k == null ? " did not come back" : " does not run it") + " after the coordinator changed");
      given++;
    }
    log.info("after the failover {} of {} attempts in flight were claimed by their agents; {} are placed again",
        adopted.size() - given, adopted.size(), given);
  }

  /** Attempts an agent runs that are not the task's current attempt on it: stop them (fencing). */
  private void reconcile(String agentId, Wire.Heartbeat h) {
    for (Wire.Running r : h.running()) {
      Optional<TaskSnapshot> s = engine.task(r.taskId());
      boolean current = s.isPresent() && s.get().attempt() == r.attempt() && !s.get().state().isTerminal()
          && agentId.equals(s.get().agentId());
      if (!current) {
        log.info("agent {} runs {} attempt {}, which is no longer current ({}); stopping it", agentId, r.taskId(), r.attempt(),
            s.map(t -> t.state() + " attempt " + t.attempt() + " on " + t.agentId()).orElse("unknown task"));
        outbound.add(new Stop(new Placement(s.map(TaskSnapshot::task).orElse(null), r.attempt(),
            new io.taskexec.place.Allocation(r.taskId(), r.attempt(), agentId, io.taskexec.task.Requirements.NONE, List.of())),
            FailureKind.LOST_WORKER));
      }
    }
  }

  /**
   * Declares agents silent for the heartbeat timeout lost. Silence is judged only over time this
   * loop witnessed: after a pause of the coordinator itself (a long GC, a starved or stopped
   * process) every agent gets a fresh timeout, since the heartbeats sent meanwhile are still
   * waiting to be consumed and say nothing about the agents yet.
   */
  private void watchLoop() {
    long limit = timeout.toNanos();
    long tick = Math.max(50, Math.min(500, timeout.toMillis() / 10));
    long last = System.nanoTime();
    while (!closed) {
      long now = System.nanoTime();
      if (now - last > limit / 2) {
        log.warn("the coordinator did not watch its agents for {} ms (paused or starved); every agent gets a fresh"
            + " heartbeat timeout", (now - last) / 1_000_000);
        for (Known k : agents.values()) k.lastSeen = Math.max(k.lastSeen, now);
      }
      last = now;
      for (Map.Entry<String, Known> e : agents.entrySet()) {
        Known k = e.getValue();
        if (now - k.lastSeen > limit && agents.remove(e.getKey(), k)) {
          log.warn("agent {} is lost: no heartbeat for {}; its attempts are placed again", e.getKey(), io.taskexec.execute.Durations.format(timeout));
          engine.removeAgent(e.getKey(), "lost (no heartbeat for " + io.taskexec.execute.Durations.format(timeout) + ")");
        }
      }
      try {
        Thread.sleep(tick);
      } catch (InterruptedException ex) {
        return;
      }
    }
  }

  /** The agents heard from now, by id. */
  Map<String, AgentSpec> agents() {
    Map<String, AgentSpec> m = new LinkedHashMap<>();
    agents.forEach((id, k) -> m.put(id, k.spec));
    return m;
  }

  // ---- placements out ----------------------------------------------------------------------------

  @Override
  public void dispatch(List<Placement> placements) {
    outbound.add(new Send(placements));
  }

  @Override
  public void cancel(Placement placement, FailureKind reason) {
    if (!closed) outbound.add(new Stop(placement, reason));
  }

  /** Messages published and not yet confirmed, by publish sequence number. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Out> unconfirmed = new java.util.concurrent.ConcurrentSkipListMap<>();
  private static final int MAX_UNCONFIRMED = 512;

  /**
   * Publishes placements (one message per agent per batch) and cancels, persistent, with
   * asynchronous publisher confirms so that a batch does not wait for the broker's disk before the
   * next one goes: what the broker refuses, or what was unconfirmed when the connection was lost,
   * is published again (an agent runs a placement it has seen once only).
   */
  private void sendLoop() {
    publish.addConfirmListener((seq, multiple) -> confirmed(seq, multiple), (seq, multiple) -> {
      log.warn("RabbitMQ refused placements (publish {}); they are sent again", seq);
      for (Out o : confirmed(seq, multiple)) outbound.add(o);
    });
    if (publish instanceof com.rabbitmq.client.Recoverable r) {
      r.addRecoveryListener(new com.rabbitmq.client.RecoveryListener() {
        @Override
        public void handleRecovery(com.rabbitmq.client.Recoverable recoverable) {
          List<Out> again = new ArrayList<>(unconfirmed.values());
          unconfirmed.clear();
          log.info("the channel to the agents is back; {} unconfirmed messages are sent again", again.size());
          outbound.addAll(again);
        }

        @Override
        public void handleRecoveryStarted(com.rabbitmq.client.Recoverable recoverable) {}
      });
    }
    List<Out> batch = new ArrayList<>();
    while (!closed) {
      try {
        if (batch.isEmpty()) {
          Out first = outbound.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) continue;
          batch.add(first);
          outbound.drainTo(batch);
        }
        while (unconfirmed.size() > MAX_UNCONFIRMED && !closed) Thread.sleep(1); // the broker is behind: wait for it
        // Write-ahead: a placement leaves only once its PLACED event is durable. Otherwise a leader
        // that dies between the two leaves an attempt that its agent runs but the store does not
        // know, and the next leader places the same attempt number again (run twice, unfenced).
        // The engine hands a round's events to the store before dispatching its placements.
        if (batch.stream().anyMatch(o -> o instanceof Send)) store.flush();
        Map<String, List<Placement>> byAgent = new LinkedHashMap<>();
        for (Out o : batch) {
          switch (o) {
            case Send s -> {
              for (Placement p : s.placements()) byAgent.computeIfAbsent(p.agentId(), a -> new ArrayList<>()).add(p);
            }
            case Stop st -> {
              Known k = agents.get(st.placement().agentId());
              String inc = k == null ? "" : k.incarnation;
              long seq = publish.getNextPublishSeqNo();
              unconfirmed.put(seq, st);
              publish.basicPublish(Topology.CLUSTER, Topology.agentKey(st.placement().agentId()), false,
                  AgentRunner.props(Wire.CANCEL, 2), Wire.cancel(new Wire.Cancel(epoch, inc, st.placement().allocation().taskId(),
                      st.placement().attempt(), st.reason())));
            }
          }
        }
        for (Map.Entry<String, List<Placement>> e : byAgent.entrySet()) {
          Known k = agents.get(e.getKey());
          if (k == null) continue; // the agent is gone; the engine has placed these attempts again
          long seq = publish.getNextPublishSeqNo();
          unconfirmed.put(seq, new Send(e.getValue()));
          publish.basicPublish(Topology.CLUSTER, Topology.agentKey(e.getKey()), false, AgentRunner.props(Wire.PLACEMENTS, 2),
              Wire.placements(epoch, k.incarnation, e.getValue()));
        }
        batch.clear();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) return;
        log.warn("publishing placements failed ({}); {} messages are sent again", e.toString(), batch.size());
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Forgets confirmed (or refused) messages up to {@code seq}; returns them. */
  private List<Out> confirmed(long seq, boolean multiple) {
    if (!multiple) {
      Out o = unconfirmed.remove(seq);
      return o == null ? List.of() : List.of(o);
    }
    var head = unconfirmed.headMap(seq, true);
    List<Out> out = new ArrayList<>(head.values());
    head.clear();
    return out;
  }

  // ---- reports in --------------------------------------------------------------------------------

  /**
   * Acknowledges report messages once the engine has handled them and the store made the events
   * durable: one flush (a commit shared with whatever else is pending) and one multiple-ack for all
   * the messages handled meanwhile.
   */
  private void ackLoop() {
    List<Ack> batch = new ArrayList<>();
    while (!closed) {
      try {
        if (batch.isEmpty()) {
          Ack first = acks.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) continue;
          batch.add(first);
        }
        acks.drainTo(batch);
        long max = 0;
        for (Ack a : batch) {
          a.handled().get();
          max = Math.max(max, a.tag());
        }
        store.flush();
        reports.basicAck(max, true);
        batch.clear();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) return;
        // not acknowledged yet: tried again (the store keeps its events and retries them); after a
        // lost connection RabbitMQ delivers the messages again, and reports handled already are ignored
        log.warn("could not make {} report messages durable or acknowledge them ({}); trying again", batch.size(), e.toString());
        if (!reports.isOpen()) batch.clear();
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  long reportMessages() {
    return reportMessages.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : threads) t.interrupt();
    for (Channel c : new Channel[] {heartbeats, reports, publish}) {
      try {
        if (c != null && c.isOpen()) c.close();
      } catch (Exception ignored) {
        // closing
      }
    }
  }
}
