package io.taskexec.broker;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The exchanges and queues of a cluster, declared (idempotently) by every coordinator and agent.
 *
 * <pre>
 * tasks (topic)            submit ──► tasks.submit ──► coordinator (leader)
 *                          task.status.&lt;id&gt;, complete ◄── outbox relay
 * tasks.dead-letter (fanout) ──► tasks.dead-letter      (unprocessable messages, reason in headers)
 * taskexec.cluster (direct) coordinator ──► taskexec.coordinator   (agent reports)
 *                          heartbeat   ──► taskexec.heartbeats    (agent heartbeats, short-lived)
 *                          agent.&lt;id&gt;  ──► taskexec.agent.&lt;id&gt;   (placements, cancels)
 * </pre>
 */
public final class Topology {
  /** The integration exchange of the specification. */
  public static final String TASKS = "tasks";
  public static final String SUBMIT_KEY = "submit";
  public static final String COMPLETE_KEY = "complete";
  public static final String STATUS_PREFIX = "task.status.";
  public static final String SUBMIT_QUEUE = "tasks.submit";
  public static final String DEAD_LETTER = "tasks.dead-letter";
  /** Coordinator and agents talk on this exchange. */
  public static final String CLUSTER = "taskexec.cluster";
  public static final String COORDINATOR_QUEUE = "taskexec.coordinator";
  public static final String COORDINATOR_KEY = "coordinator";
  public static final String HEARTBEAT_QUEUE = "taskexec.heartbeats";
  public static final String HEARTBEAT_KEY = "heartbeat";

  /** Header of a dead-lettered message: why it could not be processed. */
  public static final String REASON_HEADER = "x-taskexec-reason";
  /** Header of a dead-lettered message: the routing key it was published with. */
  public static final String ROUTING_KEY_HEADER = "x-taskexec-routing-key";

  private Topology() {}

  public static String agentQueue(String agentId) {
    return "taskexec.agent." + agentId;
  }

  public static String agentKey(String agentId) {
    return "agent." + agentId;
  }

  /** Exchanges and the queues every party needs (the dead-letter queue included). */
  /** How long a heartbeat waits in its queue before it expires: fixed, so that every party declares the queue alike. */
  public static final int HEARTBEAT_TTL_MS = 30_000;

  public static void declareShared(Channel ch) throws IOException {
    ch.exchangeDeclare(TASKS, BuiltinExchangeType.TOPIC, true);
    ch.exchangeDeclare(DEAD_LETTER, BuiltinExchangeType.FANOUT, true);
    ch.queueDeclare(DEAD_LETTER, true, false, false, null);
    ch.queueBind(DEAD_LETTER, DEAD_LETTER, "");
    ch.exchangeDeclare(CLUSTER, BuiltinExchangeType.DIRECT, true);
    Map<String, Object> dlx = Map.of("x-dead-letter-exchange", DEAD_LETTER);
    ch.queueDeclare(SUBMIT_QUEUE, true, false, false, dlx);
    ch.queueBind(SUBMIT_QUEUE, TASKS, SUBMIT_KEY);
    ch.queueDeclare(COORDINATOR_QUEUE, true, false, false, dlx);
    ch.queueBind(COORDINATOR_QUEUE, CLUSTER, COORDINATOR_KEY);
    // an old heartbeat says little: it expires instead of piling up while no coordinator leads
    ch.queueDeclare(HEARTBEAT_QUEUE, true, false, false, Map.of("x-message-ttl", HEARTBEAT_TTL_MS));
    ch.queueBind(HEARTBEAT_QUEUE, CLUSTER, HEARTBEAT_KEY);
  }

  /** An agent's own durable queue of placements and cancels. */
  public static void declareAgent(Channel ch, String agentId) throws IOException {
    ch.queueDeclare(agentQueue(agentId), true, false, false, Map.of("x-dead-letter-exchange", DEAD_LETTER));
    ch.queueBind(agentQueue(agentId), CLUSTER, agentKey(agentId));
  }
}
