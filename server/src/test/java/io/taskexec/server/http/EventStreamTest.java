package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.awaitState;
import static io.taskexec.server.Fixtures.noop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.server.Running;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.TaskState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live event stream: events as they happen, and a reconnect that resumes where it left off. */
class EventStreamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Reads one SSE stream on its own thread into a queue of (id, data). */
  static final class Stream implements AutoCloseable {
    final BlockingQueue<JsonNode> events = new ArrayBlockingQueue<>(10_000);
    final HttpResponse<java.io.InputStream> res;
    final Thread reader;

    Stream(Running r, String lastEventId) throws Exception {
      var b = r.request("/api/v1/events", "viewer").GET();
      if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
      res = r.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      reader = Thread.ofVirtual().start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
          long id = -1;
          for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
            if (line.startsWith("data: ")) {
              JsonNode e = JSON.readTree(line.substring(6));
              assertThat(e.path("seq").asLong()).isEqualTo(id);
              events.put(e);
            }
          }
        } catch (Exception closed) {
          // the test closed the stream
        }
      });
    }

    /** Events until one of {@code taskId} reaches {@code type}, that one included. */
    List<JsonNode> until(String taskId, String type) throws InterruptedException {
      List<JsonNode> out = new ArrayList<>();
      while (true) {
        JsonNode e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("an event before the timeout; got " + out).isNotNull();
        out.add(e);
        if (e.path("task_id").asText().equals(taskId) && e.path("type").asText().equals(type)) return out;
      }
    }

    @Override
    public void close() throws Exception {
      res.body().close();
      reader.interrupt();
    }
  }

  @Test
  void a_stream_carries_events_as_they_happen_and_a_reconnect_resumes_without_gaps() throws Exception {
    try (Running r = Running.start(dir)) {
      long resumeFrom;
      try (Stream s = new Stream(r, null)) {
        assertThat(s.res.statusCode()).isEqualTo(200);
        assertThat(s.res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        r.postJson("/api/v1/tasks", "submitter", noop("first"));
        List<JsonNode> seen = s.until("first", "SUCCEEDED");
        assertThat(seen).extracting(e -> e.path("type").asText()).containsSubsequence("SUBMITTED", "READY", "PLACED", "STARTED", "SUCCEEDED");
        resumeFrom = seen.get(1).path("seq").asLong(); // as if the client saw only the first two
      }
      r.postJson("/api/v1/tasks", "submitter", noop("second"));
      awaitState(r, "second", TaskState.SUCCEEDED);
      try (Stream s = new Stream(r, Long.toString(resumeFrom))) {
        List<JsonNode> resumed = s.until("second", "SUCCEEDED");
        List<Long> seqs = resumed.stream().map(e -> e.path("seq").asLong()).toList();
        List<Long> stored = r.server.engine().tasks().isEmpty() ? List.of() : storedSeqsAfter(r, resumeFrom);
        assertThat(seqs).as("every stored event after the resume point, in order, once").isEqualTo(stored);
        r.postJson("/api/v1/tasks", "submitter", noop("third"));
        assertThat(s.until("third", "SUCCEEDED")).isNotEmpty();
      }
    }
  }

  private static List<Long> storedSeqsAfter(Running r, long after) {
    List<Long> out = new ArrayList<>();
    for (String id : List.of("first", "second")) {
      r.get("/api/v1/tasks/" + id + "/events", "viewer").json().path("items").forEach(e -> {
        if (e.path("seq").asLong() > after && !e.path("type").asText().equals("SAMPLE")) out.add(e.path("seq").asLong());
      });
    }
    out.sort(null);
    return out;
  }

  @Test
  void a_resume_older_than_the_ring_reads_the_store() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    EventFeed feed = new EventFeed(store, 3);
    List<TaskEvent> events = new ArrayList<>();
    for (int i = 1; i <= 10; i++) events.add(TaskEvent.of(i, "t", 0, EventType.PROGRESS, TaskState.RUNNING, Instant.EPOCH));
    store.append(events);
    feed.onEvents(events);
    assertThat(feed.since(8)).extracting(TaskEvent::seq).containsExactly(9L, 10L);
    assertThat(feed.since(2)).extracting(TaskEvent::seq).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    try (EventFeed.Subscription s = feed.subscribe(5)) {
      feed.onEvents(List.of(TaskEvent.of(11, "t", 0, EventType.PROGRESS, TaskState.RUNNING, Instant.EPOCH)));
      List<Long> got = new ArrayList<>();
      while (got.size() < 6) s.next(1000).forEach(e -> got.add(e.seq()));
      assertThat(got).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
    }
    assertThat(feed.latest()).isEqualTo(11);
  }
}
