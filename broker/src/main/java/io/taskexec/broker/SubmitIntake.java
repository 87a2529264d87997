package io.taskexec.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.TaskJson;
import io.taskexec.store.ConflictException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import io.taskexec.validate.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes tasks published on the {@code tasks} exchange with routing key {@code submit}: one task
 * per message, as JSON in the task file's format. A task is checked by the engine's validator and
 * acknowledged once it is durable in the store. A message that is not a valid task is republished
 * to the dead-letter exchange with the reason in its headers, a {@code REJECTED} status message is
 * published on {@code task.status.<id>}, and then it is acknowledged; nothing is dropped silently.
 * When the message has a {@code reply_to}, the outcome is also sent there with its
 * {@code correlation_id}.
 */
final class SubmitIntake implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubmitIntake.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Connection amqp;
  private final TaskExecutionEngine engine;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private Channel in;
  private Channel out;

  SubmitIntake(Connection amqp, TaskExecutionEngine engine) {
    this.amqp = amqp;
    this.engine = engine;
  }

  void start() throws IOException {
    out = amqp.createChannel();
    out.confirmSelect();
    in = amqp.createChannel();
    in.basicQos(256);
    in.basicConsume(Topology.SUBMIT_QUEUE, false, new DefaultConsumer(in) {
      @Override
      public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) throws IOException {
        handle(env, props, body);
      }
    });
  }

  private void handle(Envelope env, AMQP.BasicProperties props, byte[] body) throws IOException {
    String text = new String(body, StandardCharsets.UTF_8);
    Task task;
    try {
      task = TaskJson.fromJson(text, "<amqp submit>");
      engine.submitAll(List.of(task));
    } catch (ValidationException e) {
      refuse(env, props, body, idOf(text), e.problems());
      return;
    } catch (ConflictException e) {
      refuse(env, props, body, idOf(text), List.of(new Problem(new SourceLocation("<amqp submit>", 0, 0), "id",
          "task id " + String.join(", ", e.taskIds()) + " is already taken by a different task",
          "give the task a new id, or resubmit exactly the same task")));
      return;
    } catch (StoreUnavailableException e) {
      log.warn("the store is unavailable; submission {} waits in its queue ({})", env.getDeliveryTag(), e.getMessage());
      in.basicNack(env.getDeliveryTag(), false, true);
      return;
    }
    accepted.incrementAndGet();
    reply(props, Map.of("task_id", task.id(), "accepted", true));
    in.basicAck(env.getDeliveryTag(), false);
  }

  private void refuse(Envelope env, AMQP.BasicProperties props, byte[] body, String taskId, List<Problem> problems)
      throws IOException {
    StringBuilder reason = new StringBuilder();
    for (Problem p : problems) {
      if (reason.length() > 0) reason.append("; ");
      reason.append(p.format());
    }
    Map<String, Object> headers = new HashMap<>();
    if (props.getHeaders() != null) headers.putAll(props.getHeaders());
    headers.put(Topology.REASON_HEADER, reason.toString());
    headers.put(Topology.ROUTING_KEY_HEADER, env.getRoutingKey());
    headers.put("x-taskexec-exchange", env.getExchange());
    AMQP.BasicProperties dead = props.builder().headers(headers).deliveryMode(2).build();
    out.basicPublish(Topology.DEAD_LETTER, env.getRoutingKey(), dead, body);
    byte[] status = Wire.rejected(taskId, engine.clock().now(), problems, "the submitted task is invalid: " + reason);
    AMQP.BasicProperties sp = new AMQP.BasicProperties.Builder().type(Wire.STATUS).contentType("application/json")
        .deliveryMode(2).correlationId(props.getCorrelationId()).messageId(props.getMessageId()).build();
    out.basicPublish(Topology.TASKS, Topology.STATUS_PREFIX + (taskId == null ? "unknown" : taskId), sp, status);
    try {
      out.waitForConfirmsOrDie(10_000);
    } catch (Exception e) {
      in.basicNack(env.getDeliveryTag(), false, true); // tried again: dead-letter it once it can be
      throw new IOException("the dead-letter exchange did not confirm", e);
    }
    rejected.incrementAndGet();
    log.info("refused a submitted task{}: {}", taskId == null ? "" : " '" + taskId + "'", reason);
    Map<String, Object> r = new HashMap<>();
    r.put("task_id", taskId);
    r.put("accepted", false);
    r.put("reason", reason.toString());
    reply(props, r);
    in.basicAck(env.getDeliveryTag(), false);
  }

  private void reply(AMQP.BasicProperties props, Map<String, Object> outcome) throws IOException {
    if (props.getReplyTo() == null || props.getReplyTo().isBlank()) return;
    AMQP.BasicProperties rp = new AMQP.BasicProperties.Builder().contentType("application/json")
        .correlationId(props.getCorrelationId()).build();
    out.basicPublish("", props.getReplyTo(), rp, Wire.write(outcome));
  }

  /** The task's id, read leniently from a message that may not be a valid task. */
  private static String idOf(String text) {
    try {
      Object o = MAPPER.readValue(text, Object.class);
      if (o instanceof Map<?, ?> m && m.get("id") instanceof String s && s.matches("[A-Za-z0-9._:-]{1,200}")) return s;
    } catch (IOException | RuntimeException ignored) {
      // not JSON: no id
    }
    return null;
  }

  long accepted() {
    return accepted.get();
  }

  long rejected() {
    return rejected.get();
  }

  @Override
  public void close() {
    for (Channel c : new Channel[] {in, out}) {
      try {
        if (c != null && c.isOpen()) c.close();
      } catch (Exception ignored) {
        // closing
      }
    }
  }
}
