package io.taskexec.server.http;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Tasks: submit, list with filters and a cursor, get, cancel, retry, events, logs. */
final class TaskApi {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final ApiContext ctx;
  private final Submissions submissions;

  TaskApi(ApiContext ctx) {
    this.ctx = ctx;
    this.submissions = new Submissions(ctx.engine(), ctx.limits());
  }

  void submit(Call c) throws IOException {
    Submissions.Accepted a = submissions.one(c.body(), c.contentType(), c.query("run"), c.caller());
    Task t = a.tasks().get(0);
    c.response().header("Location", "/api/v1/tasks/" + t.id());
    c.json(201, Views.summary(snapshot(t.id())));
  }

  void list(Call c) {
    Set<TaskState> states = states(c.query("state"));
    String type = c.query("type");
    String agent = c.query("agent");
    String run = c.query("run");
    Instant since = instant(c, "since");
    Instant until = instant(c, "until");
    int limit = limit(c);
    String after = cursor(c.query("cursor"));
    List<TaskSnapshot> all = ctx.engine().tasks();
    int start = 0;
    if (after != null) {
      start = -1;
      for (int i = 0; i < all.size(); i++) if (all.get(i).task().id().equals(after)) start = i + 1;
      if (start < 0) throw queryProblem("cursor", "the cursor names no task this server knows", "start again without cursor");
    }
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    List<Object> items = new ArrayList<>();
    int total = 0;
    String next = null;
    for (int i = 0; i < all.size(); i++) {
      TaskSnapshot s = all.get(i);
      Task t = s.task();
      if (type != null && !t.type().equals(type)) continue;
      if (agent != null && !agent.equals(s.agentId())) continue;
      if (run != null && !run.equals(Views.run(t))) continue;
      if (since != null && s.submittedAt().isBefore(since)) continue;
      if (until != null && !s.submittedAt().isBefore(until)) continue;
      counts.merge(s.state(), 1, Integer::sum);
      if (states != null && !states.contains(s.state())) continue;
      total++;
      if (i < start) continue;
      if (items.size() < limit) items.add(Views.summary(s));
      else if (next == null) next = encode(((Map<?, ?>) items.get(items.size() - 1)).get("id").toString());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("next_cursor", next);
    out.put("total", total);
    Map<String, Integer> byState = new LinkedHashMap<>();
    for (TaskState s : TaskState.values()) byState.put(s.name(), counts.getOrDefault(s, 0));
    out.put("counts", byState);
    c.json(out);
  }

  void get(Call c) {
    c.json(Views.detail(snapshot(c.pathParam("id"))));
  }

  void cancel(Call c) {
    TaskSnapshot s = snapshot(c.pathParam("id"));
    if (s.state().isTerminal()) throw new ApiProblem(409, "Already ended", "task " + s.task().id() + " has ended ("
        + s.state() + "); there is nothing to cancel");
    ctx.engine().cancel(s.task().id(), "cancelled by " + c.caller().name() + " through the API");
    c.json(202, Map.of("id", s.task().id(), "cancelling", true));
  }

  /**
   * Runs an ended task again as a new task: a copy of its spec with the id {@code <id>-retry-N} and
   * {@code metadata.retry_of}. The original keeps its history.
   */
  void retry(Call c) {
    TaskSnapshot s = snapshot(c.pathParam("id"));
    if (!s.state().isTerminal()) throw new ApiProblem(409, "Not ended", "task " + s.task().id() + " is " + s.state()
        + "; only an ended task can be retried (cancel it first)");
    if (s.state() == TaskState.SUCCEEDED) throw new ApiProblem(409, "Succeeded", "task " + s.task().id()
        + " succeeded; submit a new task to run it again");
    Task t = s.task();
    if (t.type().equals("shell") && !Access.mayRunShell(c.caller().roles()))
      throw new ApiProblem(403, "Forbidden", "retrying a shell task needs the shell permission");
    String id = null;
    for (int n = 1; id == null; n++) {
      String candidate = t.id() + "-retry-" + n;
      if (ctx.engine().task(candidate).isEmpty()) id = candidate;
    }
    Map<String, Object> metadata = new LinkedHashMap<>(t.metadata());
    metadata.put("retry_of", t.id());
    Task retried = new Task(id, t.type(), t.priority(), t.deadline(), t.requirements(), t.dependencies(), metadata,
        t.params(), t.timeout(), t.retry(), t.estimatedDuration());
    ctx.engine().submit(retried);
    c.response().header("Location", "/api/v1/tasks/" + id);
    c.json(201, Views.summary(snapshot(id)));
  }

  void events(Call c) {
    String id = snapshot(c.pathParam("id")).task().id();
    c.json(Map.of("items", ctx.store().events(id).stream().map(Views::event).toList()));
  }

  void logs(Call c) throws IOException {
    TaskSnapshot s = snapshot(c.pathParam("id"));
    if (s.attempts().isEmpty()) throw ApiProblem.notFound("task " + s.task().id() + " has not run yet: no logs");
    int n = s.attempts().size();
    if (c.query("attempt") != null) {
      try {
        n = Integer.parseInt(c.query("attempt"));
      } catch (NumberFormatException e) {
        throw queryProblem("attempt", "attempt must be a whole number, got " + c.query("attempt"), "write e.g. attempt=1");
      }
      if (n < 1 || n > s.attempts().size()) throw ApiProblem.notFound("task " + s.task().id() + " has "
          + s.attempts().size() + " attempt(s); there is no attempt " + n);
    }
    String stream = c.query("stream") == null ? "stdout" : c.query("stream");
    if (!stream.equals("stdout") && !stream.equals("stderr"))
      throw queryProblem("stream", "stream must be stdout or stderr, got " + stream, "write stream=stderr");
    AttemptRecord a = s.attempts().get(n - 1);
    Path dir = a.logDirectory();
    Path file = dir == null ? null : dir.resolve("attempt-" + a.attempt() + "." + stream);
    if (file == null || !Files.isRegularFile(file)) throw ApiProblem.notFound("attempt " + a.attempt() + " of "
        + s.task().id() + " wrote no " + stream + " (only shell tasks write logs)");
    c.response().status(200);
    c.response().header("Content-Type", "text/plain; charset=utf-8");
    c.response().header("X-Attempt", Integer.toString(a.attempt()));
    try (InputStream in = Files.newInputStream(file); OutputStream out = c.response().outputStream()) {
      in.transferTo(out);
    }
  }

  TaskSnapshot snapshot(String id) {
    return ctx.engine().task(id).orElseThrow(() -> ApiProblem.notFound("no task has the id " + id));
  }

  private static Set<TaskState> states(String text) {
    if (text == null) return null;
    Set<TaskState> out = EnumSet.noneOf(TaskState.class);
    for (String s : text.split(",")) {
      try {
        out.add(TaskState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw queryProblem("state", "unknown state '" + s.trim() + "'", "use one or more of " + List.of(TaskState.values())
            + ", separated by commas");
      }
    }
    return out;
  }

  private static Instant instant(Call c, String name) {
    String v = c.query(name);
    if (v == null) return null;
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw queryProblem(name, name + " must be an ISO-8601 instant, got " + v, "write e.g. " + name + "=2026-01-31T12:00:00Z");
    }
  }

  static int limit(Call c) {
    String v = c.query("limit");
    if (v == null) return DEFAULT_LIMIT;
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_LIMIT) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw queryProblem("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", got " + v, "write e.g. limit=100");
  }

  private static String cursor(String text) {
    if (text == null) return null;
    try {
      return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw queryProblem("cursor", "the cursor is not one this server gave", "pass next_cursor from the previous page as it is");
    }
  }

  private static String encode(String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  static ApiProblem queryProblem(String param, String message, String hint) {
    return new ApiProblem(400, "Bad query parameter", message,
        List.of(new Problem(new SourceLocation("<query>", 0, 0), param, message, hint)));
  }
}
