package io.taskexec.server.http;

import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /api/v1/events}: the live event stream as Server-Sent Events. Each event's {@code id}
 * is its store sequence; a client that reconnects with {@code Last-Event-ID} (or {@code ?after=})
 * gets what it missed first. {@code SAMPLE} events are left out unless {@code samples=true};
 * {@code task} and {@code run} filter. A comment line every 15 s keeps proxies from closing it.
 */
final class StreamApi {
  static final long KEEPALIVE_MS = 15_000;
  private final ApiContext ctx;

  StreamApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  void stream(Call c) throws IOException {
    long after = after(c, ctx.feed());
    String task = c.query("task");
    String run = c.query("run");
    boolean samples = "true".equals(c.query("samples"));
    c.response().status(200);
    c.response().header("Content-Type", "text/event-stream; charset=utf-8");
    c.response().header("Cache-Control", "no-cache");
    c.response().header("X-Accel-Buffering", "no");
    try (EventFeed.Subscription sub = ctx.feed().subscribe(after); OutputStream out = c.response().outputStream()) {
      out.write("retry: 2000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        List<TaskEvent> events;
        try {
          events = sub.next(KEEPALIVE_MS);
        } catch (IllegalStateException lagged) {
          return; // the client reconnects with Last-Event-ID and catches up from the store
        }
        StringBuilder sb = new StringBuilder();
        for (TaskEvent e : events) {
          if (!samples && e.type() == EventType.SAMPLE) continue;
          if (task != null && !task.equals(e.taskId())) continue;
          if (run != null && !run.equals(runOf(e.taskId()))) continue;
          sb.append("id: ").append(e.seq()).append("\nevent: task\ndata: ").append(Json.text(Views.event(e))).append("\n\n");
        }
        if (sb.isEmpty()) sb.append(": keepalive\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (UncheckedIOException | IOException gone) {
      // the client went away
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private String runOf(String taskId) {
    return ctx.engine().task(taskId).map(s -> Views.run(s.task())).orElse(null);
  }

  /** Where the stream starts: after the client's last event, else after the latest one (from now on). */
  private static long after(Call c, EventFeed feed) {
    String v = c.header("Last-Event-ID").orElse(c.query("after"));
    if (v == null || v.isBlank()) return feed.latest();
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw TaskApi.queryProblem("Last-Event-ID", "Last-Event-ID must be an event sequence number, got " + v,
          "send the id of the last event received");
    }
  }
}
