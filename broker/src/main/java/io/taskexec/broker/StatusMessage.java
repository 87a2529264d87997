package io.taskexec.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status message of the {@code tasks} exchange ({@code docs/amqp/status.schema.json}): the
 * task's latest state change at the top level and, under {@code earlier}, the changes of the same
 * task that the same relay batch publishes before it, oldest first. One message per task per batch
 * instead of one per change: a no-op task changes state five times within milliseconds, and five
 * persistent messages (six with {@code complete}) per task were most of a cluster's work. Written
 * with Jackson's streaming generator; stateless and thread-safe.
 */
public final class StatusMessage {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusMessage() {}

  /**
   * One state change, as the outbox holds it.
   *
   * @param state a {@code TaskState} name
   * @param event the event type that caused it
   */
  public record Change(String taskId, int attempt, String state, String event, Instant at, String agentId, String message,
      Integer exitCode, String failure) {
    public Change {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(at, "at");
    }

    /** The AMQP {@code message_id} of a message whose latest change this is. */
    public String messageId() {
      return taskId + "/" + attempt + "/" + state;
    }

    public boolean terminal() {
      return OutboxRelay.TERMINAL.contains(state);
    }
  }

  /**
   * The message for {@code changes} of one task, in the order they happened (at least one).
   *
   * @throws IllegalArgumentException when the list is empty or names more than one task
   */
  public static byte[] encode(List<Change> changes) {
    if (changes.isEmpty()) throw new IllegalArgumentException("a status message carries at least one change");
    Change last = changes.get(changes.size() - 1);
    ByteArrayBuilder out = new ByteArrayBuilder(160 + 120 * (changes.size() - 1));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("task_id", last.taskId());
      fields(g, last);
      if (changes.size() > 1) {
        g.writeArrayFieldStart("earlier");
        for (int i = 0; i < changes.size() - 1; i++) {
          Change c = changes.get(i);
          if (!c.taskId().equals(last.taskId()))
            throw new IllegalArgumentException("one status message is about one task: " + c.taskId() + " and " + last.taskId());
          g.writeStartObject();
          fields(g, c);
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return out.toByteArray();
  }

  private static void fields(JsonGenerator g, Change c) throws IOException {
    g.writeNumberField("attempt", c.attempt());
    g.writeStringField("state", c.state());
    g.writeStringField("event", c.event());
    g.writeStringField("at", Times.format(c.at()));
    if (c.agentId() != null) g.writeStringField("agent_id", c.agentId());
    if (c.message() != null) g.writeStringField("message", c.message());
    if (c.exitCode() != null) g.writeNumberField("exit_code", c.exitCode());
    if (c.failure() != null) g.writeStringField("failure", c.failure());
  }
}
