package io.taskexec.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.Rows.EventRow;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Events stored packed ({@code event_packs}): one row per task per write, its events of the write
 * as a JSON array, one array per event: {@code [id - pack id, seq, attempt, type, state, at_ns,
 * agent_id, message, exit_code, failure, data]}, trailing nulls left out. Every event is kept with
 * its storage id, so the order appended is known across packs.
 */
final class Packs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** The largest event id and seq stored, as the last pack says (no row when there is none). */
  static final String LAST_EVENT = "SELECT upto_id, upto_seq FROM event_packs ORDER BY id DESC LIMIT 1";
  static final String ALL = "SELECT id, task_id, body FROM event_packs ORDER BY id";
  static final String INSERT = "INSERT INTO event_packs (id, task_id, upto_id, upto_seq, state, attempt, last_seq,"
      + " at_ns, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** Where each task stands: its last pack's columns (none: PENDING). */
  static final String STATUS_SELECT = "SELECT t.id, t.submitted_at_ns, p.state, p.attempt, p.last_seq, p.at_ns"
      + " FROM tasks t LEFT JOIN event_packs p ON p.id = (SELECT MAX(q.id) FROM event_packs q WHERE q.task_id = t.id)";
  static final String OF_TASK = "SELECT id, task_id, body FROM event_packs WHERE task_id = ? ORDER BY id";

  /** An event with its storage id. */
  record Stored(long id, TaskEvent event) {}

  private Packs() {}

  /**
   * The packs of one write: the rows grouped by task, each group in the order appended.
   *
   * @param uptoSeq the largest seq stored once this write is committed
   */
  static List<PackRow> of(List<EventRow> rows, long uptoSeq) {
    Map<String, List<EventRow>> byTask = new LinkedHashMap<>();
    for (EventRow r : rows) byTask.computeIfAbsent(r.event().taskId(), k -> new ArrayList<>(6)).add(r);
    long uptoId = rows.get(rows.size() - 1).id();
    List<PackRow> out = new ArrayList<>(byTask.size());
    StringBuilder body = new StringBuilder(512);
    for (Map.Entry<String, List<EventRow>> e : byTask.entrySet()) {
      List<EventRow> events = e.getValue();
      long first = events.get(0).id();
      TaskEvent last = events.get(events.size() - 1).event();
      body.setLength(0);
      encode(first, events, body);
      out.add(new PackRow(first, e.getKey(), uptoId, uptoSeq, last.state().name(), last.attempt(), last.seq(),
          Codec.nanos(last.at()), body.toString()));
    }
    return out;
  }

  /**
   * Writes the JSON by hand rather than through a generator: it is the store's hottest loop (a few
   * events per task), and every field but {@code data} is a number, an enum name or a short string.
   */
  private static void encode(long first, List<EventRow> rows, StringBuilder b) {
    b.append('[');
    for (int i = 0; i < rows.size(); i++) {
      EventRow r = rows.get(i);
      TaskEvent e = r.event();
      if (i > 0) b.append(',');
      b.append('[').append(r.id() - first).append(',').append(e.seq()).append(',').append(e.attempt())
          .append(",\"").append(e.type().name()).append("\",\"").append(e.state().name()).append("\",")
          .append(Codec.nanos(e.at()));
      int last = e.data().isEmpty() ? e.failure() == null ? e.exitCode() == null ? e.message() == null
          ? e.agentId() == null ? 5 : 6 : 7 : 8 : 9 : 10;
      if (last >= 6) string(b.append(','), e.agentId());
      if (last >= 7) string(b.append(','), e.message());
      if (last >= 8) b.append(',').append(e.exitCode() == null ? "null" : e.exitCode().toString());
      if (last >= 9) string(b.append(','), e.failure() == null ? null : e.failure().name());
      if (last >= 10) {
        try {
          b.append(',').append(JSON.writeValueAsString(e.data()));
        } catch (IOException x) {
          throw new StoreException("cannot encode the data of event " + e.seq() + " of task " + e.taskId() + ": " + x, x);
        }
      }
      b.append(']');
    }
    b.append(']');
  }

  /** A JSON string (or null), escaped as RFC 8259 requires. */
  private static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    int n = s.length(), from = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      b.append(s, from, i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(String.format("\\u%04x", (int) c));
      }
      from = i + 1;
    }
    b.append(s, from, n).append('"');
  }

  /** The events of one pack, in the order appended. */
  static void decode(long packId, String taskId, String body, String where, Consumer<Stored> out) {
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_ARRAY) {
        long id = packId + next(p).getLongValue();
        long seq = next(p).getLongValue();
        int attempt = next(p).getIntValue();
        EventType type = EventType.valueOf(next(p).getText());
        TaskState state = TaskState.valueOf(next(p).getText());
        long at = next(p).getLongValue();
        String agent = null, message = null, failure = null;
        Integer exit = null;
        Map<String, Object> data = Map.of();
        JsonToken t = p.nextToken();
        if (t != JsonToken.END_ARRAY) {
          agent = p.getValueAsString();
          if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            message = p.getValueAsString();
            if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              exit = t == JsonToken.VALUE_NULL ? null : p.getIntValue();
              if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                failure = p.getValueAsString();
                if ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                  if (t != JsonToken.VALUE_NULL) data = Collections.unmodifiableMap(JSON.readValue(p, MAP));
                  t = p.nextToken();
                }
              }
            }
          }
        }
        expect(t, JsonToken.END_ARRAY);
        out.accept(new Stored(id, new TaskEvent(seq, taskId, attempt, type, state, Codec.instant(at), agent,
            message, exit, failure == null ? null : FailureKind.valueOf(failure), data)));
      }
      expect(p.currentToken(), JsonToken.END_ARRAY);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("the events of task " + taskId + " stored in " + where + " (pack " + packId
          + ") cannot be read (" + e.getMessage() + "); the store was written by another version of taskexec"
          + " or edited by hand", e);
    }
  }

  private static JsonParser next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null || !t.isScalarValue() || t == JsonToken.VALUE_NULL) throw new IOException("unexpected " + t);
    return p;
  }

  private static void expect(JsonToken t, JsonToken wanted) throws IOException {
    if (t != wanted) throw new IOException("expected " + wanted + ", found " + t);
  }

  /**
   * Puts the events of packs read in pack id order back into the order appended. The packs of one
   * write interleave, but a pack's events all have ids at or after its own id: so an event whose id
   * is below the next pack's id is final. Holds at most one write's events.
   */
  static final class InOrder {
    private final PriorityQueue<Stored> held = new PriorityQueue<>((a, b) -> Long.compare(a.id(), b.id()));
    private final Consumer<Stored> out;

    InOrder(Consumer<Stored> out) {
      this.out = out;
    }

    /** Takes the decoded events of the pack whose id is {@code packId}; packs come in id order. */
    void pack(long packId, List<Stored> events) {
      while (!held.isEmpty() && held.peek().id() < packId) out.accept(held.poll());
      held.addAll(events);
    }

    /** Hands out what is held. */
    void end() {
      while (!held.isEmpty()) out.accept(held.poll());
    }
  }
}
