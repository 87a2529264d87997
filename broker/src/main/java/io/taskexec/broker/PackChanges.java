package io.taskexec.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Reads the state changes out of one row of the store's {@code event_packs}: its body is a JSON
 * array with one array per event, {@code [id - pack id, seq, attempt, type, state, at_ns, agent_id,
 * message, exit_code, failure, data]}, trailing nulls left out (the store's {@code Packs}, migration
 * 004). Events that change no state (progress, samples, process launches, escalations) are skipped,
 * as the status messages always did. Stateless and thread-safe.
 */
final class PackChanges {
  private static final JsonFactory JSON = new JsonFactory();
  /** Event types that leave the task's state as it was: no status message. */
  static final Set<String> SILENT = Set.of("PROGRESS", "SAMPLE", "LAUNCHED", "ESCALATED");

  private PackChanges() {}

  /**
   * Appends the state changes of the pack of {@code taskId} to {@code out}, in the order recorded.
   *
   * @throws IllegalArgumentException when the body is not a pack
   */
  static void read(String taskId, String body, List<StatusMessage.Change> out) {
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_ARRAY, body);
      while (p.nextToken() == JsonToken.START_ARRAY) {
        p.nextToken(); // offset
        p.nextToken(); // seq
        int attempt = num(p).intValue();
        String type = text(p);
        String state = text(p);
        long atNs = num(p).longValue();
        String agent = null, message = null, failure = null;
        Integer exit = null;
        JsonToken t = p.nextToken();
        if (t != JsonToken.END_ARRAY) {
          agent = p.getValueAsString();
          if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            message = p.getValueAsString();
            if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              exit = t == JsonToken.VALUE_NULL ? null : p.getIntValue();
              if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                failure = p.getValueAsString();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) p.skipChildren(); // data
              }
            }
          }
        }
        if (!SILENT.contains(type))
          out.add(new StatusMessage.Change(taskId, attempt, state, type, Instant.ofEpochSecond(0, atNs), agent, message, exit, failure));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("event pack of task " + taskId + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Number num(JsonParser p) throws IOException {
    p.nextToken();
    return p.getNumberValue();
  }

  private static String text(JsonParser p) throws IOException {
    p.nextToken();
    return p.getText();
  }

  private static void expect(JsonToken got, JsonToken want, String body) {
    if (got != want) throw new IllegalArgumentException("expected " + want + " in " + body);
  }
}
