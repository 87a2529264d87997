package io.taskexec.server.http;

import io.taskexec.engine.TaskSnapshot;
import io.taskexec.plan.PendingSituations;
import io.taskexec.plan.WhyPending;
import io.taskexec.task.TaskState;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/tasks/{id}/explain}: why a task waits, from the live engine (its task
 * snapshots and agents), with the same {@link WhyPending} rules as {@code taskexec explain}, whose
 * inputs {@link PendingSituations} builds for both.
 */
final class Explanations {
  private final ApiContext ctx;

  Explanations(ApiContext ctx) {
    this.ctx = ctx;
  }

  void explain(Call c) {
    String id = c.pathParam("id");
    List<TaskSnapshot> all = ctx.engine().tasks();
    TaskSnapshot self = all.stream().filter(s -> s.task().id().equals(id)).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no task has the id " + id));
    List<PendingSituations.Known> known = new ArrayList<>(all.size());
    for (TaskSnapshot s : all) known.add(new PendingSituations.Known(s.task(), s.state(), s.agentId()));
    WhyPending.Situation situation = PendingSituations.of(id, self.deadline(), known, ctx.engine().agents(), ctx.config(),
        ctx.engine().clock().now());
    List<WhyPending.Reason> reasons = WhyPending.explain(situation);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("state", self.state().name());
    out.put("waiting", !self.state().isTerminal() && self.state() != TaskState.RUNNING);
    out.put("summary", summary(id, self, reasons, situation));
    out.put("reasons", reasons.stream().map(Explanations::reason).toList());
    c.json(out);
  }

  private static String summary(String id, TaskSnapshot s, List<WhyPending.Reason> reasons, WhyPending.Situation situation) {
    if (s.state().isTerminal()) return "task '" + id + "' has ended: " + s.state().name();
    if (s.state() == TaskState.RUNNING) return "task '" + id + "' is RUNNING";
    if (reasons.isEmpty()) return "task '" + id + "' is " + s.state().name() + " and nothing holds it back: it can be placed"
        + " as soon as the scheduler gets to it" + (situation.capacity().isEmpty() ? " (no agents have joined)" : "");
    return "task '" + id + "' is " + s.state().name() + "; it waits because of " + reasons.size()
        + (reasons.size() == 1 ? " reason" : " reasons");
  }

  /**
   * A reason as JSON: kind, message, then its fields in snake_case (instants as ISO text, task
   * states as the API writes them, conditions lower case).
   */
  static Map<String, Object> reason(WhyPending.Reason r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", r.kind());
    m.put("message", r.message());
    for (RecordComponent rc : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = rc.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (v instanceof Instant i) v = i.toString();
      else if (v instanceof TaskState st) v = st.name();
      else if (v instanceof Enum<?> e) v = e.name().toLowerCase(Locale.ROOT);
      else if (v instanceof Double d && !Double.isFinite(d)) v = null;
      m.put(snake(rc.getName()), v);
    }
    return m;
  }

  private static String snake(String camel) {
    StringBuilder b = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) b.append('_').append(Character.toLowerCase(ch));
      else b.append(ch);
    }
    return b.toString();
  }
}
