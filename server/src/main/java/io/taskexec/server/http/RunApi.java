package io.taskexec.server.http;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs: the tasks of one submitted file or batch ({@code metadata.run}). Submit one, list them, see
 * one with what its dependency graph and Gantt timeline need, cancel what is left of one.
 */
final class RunApi {
  private final ApiContext ctx;
  private final Submissions submissions;

  RunApi(ApiContext ctx) {
    this.ctx = ctx;
    this.submissions = new Submissions(ctx.engine(), ctx.limits());
  }

  void submit(Call c) throws IOException {
    String name = c.query("name") == null ? "<api>" : c.query("name");
    Submissions.Accepted a = submissions.file(c.body(), c.contentType(), name, c.query("run"), c.caller());
    c.response().header("Location", "/api/v1/runs/" + a.run());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", a.run());
    out.put("count", a.tasks().size());
    out.put("task_ids", a.tasks().stream().map(t -> t.id()).toList());
    c.json(201, out);
  }

  void list(Call c) {
    Map<String, List<TaskSnapshot>> runs = byRun(ctx.engine().tasks());
    List<Object> items = new ArrayList<>();
    List<String> ids = new ArrayList<>(runs.keySet());
    for (int i = ids.size() - 1; i >= 0 && items.size() < TaskApi.limit(c); i--) items.add(summary(ids.get(i), runs.get(ids.get(i))));
    c.json(Map.of("items", items));
  }

  void get(Call c) {
    String id = c.pathParam("id");
    List<TaskSnapshot> tasks = tasksOf(id);
    Map<String, Object> out = summary(id, tasks);
    List<Object> items = new ArrayList<>();
    for (TaskSnapshot s : tasks) {
      Map<String, Object> m = Views.summary(s);
      List<Object> attempts = new ArrayList<>();
      for (AttemptRecord a : s.attempts()) attempts.add(Views.attempt(a));
      m.put("attempts", attempts);
      items.add(m);
    }
    out.put("tasks", items);
    c.json(out);
  }

  void cancel(Call c) {
    String id = c.pathParam("id");
    int n = 0;
    for (TaskSnapshot s : tasksOf(id)) {
      if (s.state().isTerminal()) continue;
      ctx.engine().cancel(s.task().id(), "run " + id + " cancelled by " + c.caller().name() + " through the API");
      n++;
    }
    c.json(202, Map.of("run", id, "cancelling", n));
  }

  private List<TaskSnapshot> tasksOf(String id) {
    List<TaskSnapshot> tasks = new ArrayList<>();
    for (TaskSnapshot s : ctx.engine().tasks()) if (id.equals(Views.run(s.task()))) tasks.add(s);
    if (tasks.isEmpty()) throw ApiProblem.notFound("no run has the id " + id);
    return tasks;
  }

  static Map<String, List<TaskSnapshot>> byRun(List<TaskSnapshot> all) {
    Map<String, List<TaskSnapshot>> runs = new LinkedHashMap<>();
    for (TaskSnapshot s : all) {
      String r = Views.run(s.task());
      if (r != null) runs.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
    }
    return runs;
  }

  private static Map<String, Object> summary(String id, List<TaskSnapshot> tasks) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Instant submitted = null;
    Instant ended = null;
    boolean open = false;
    boolean failed = false;
    for (TaskSnapshot s : tasks) {
      counts.merge(s.state().name(), 1, Integer::sum);
      if (submitted == null || s.submittedAt().isBefore(submitted)) submitted = s.submittedAt();
      Instant e = Views.endedAt(s);
      if (e != null && (ended == null || e.isAfter(ended))) ended = e;
      if (!s.state().isTerminal()) open = true;
      else if (s.state() != TaskState.SUCCEEDED) failed = true;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("state", open ? "RUNNING" : failed ? "FAILED" : "SUCCEEDED");
    m.put("total", tasks.size());
    m.put("counts", counts);
    m.put("submitted_at", Views.time(submitted));
    m.put("ended_at", open ? null : Views.time(ended));
    return m;
  }
}
