package io.taskexec.cli;

import io.taskexec.execute.Durations;
import io.taskexec.task.TaskState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table printed at the end of a run, one row per task with aligned columns, then the totals:
 *
 * <pre>
 * TASK         STATE      ATTEMPTS  DURATION  EXIT  REASON
 * make-data    SUCCEEDED  1         120ms     0
 * flaky        SUCCEEDED  2         1.3s      0
 *
 * 8 tasks: 8 succeeded in 3.2s
 * </pre>
 *
 * Long runs show only the tasks that did not succeed; the JSON summary has them all.
 */
final class SummaryTable {
  static final int MAX_ROWS = 50;
  private static final int REASON_WIDTH = 60;

  private SummaryTable() {}

  /** @param columns the terminal's width, to fit the reason in; 0 when not on a terminal */
  static void print(List<TaskOutcome> outcomes, Duration wall, Ansi ansi, int columns, PrintStream out) {
    List<TaskOutcome> shown = outcomes;
    String note = null;
    if (outcomes.size() > MAX_ROWS) {
      shown = outcomes.stream().filter(o -> o.state() != TaskState.SUCCEEDED).limit(MAX_ROWS).toList();
      long hidden = outcomes.size() - shown.size();
      note = hidden + " more tasks (the ones that succeeded" + (shown.size() == MAX_ROWS ? " and more" : "")
          + ") are in the JSON summary";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TASK", "STATE", "ATTEMPTS", "DURATION", "EXIT", "REASON"});
    for (TaskOutcome o : shown) {
      Duration d = o.duration();
      Integer exit = o.exitCode();
      rows.add(new String[] {o.task().id(), o.state().name(), Integer.toString(o.attempts().size()),
          d == null ? "-" : Durations.format(d), exit == null ? "-" : exit.toString(),
          (o.reason() == null ? "" : o.reason().replace('\n', ' ')) + (o.deadlineMissed() ? " (deadline missed)" : "")});
    }
    int[] widths = new int[6];
    for (String[] r : rows) for (int i = 0; i < r.length - 1; i++) widths[i] = Math.max(widths[i], r[i].length());
    int used = 0;
    for (int i = 0; i < 5; i++) used += widths[i] + 2;
    int reasonWidth = columns > 0 ? Math.max(20, columns - 1 - used) : REASON_WIDTH;
    for (String[] r : rows) r[5] = truncate(r[5], reasonWidth);
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = i == r.length - 1 ? r[i] : pad(r[i], widths[i]) + "  ";
        if (n == 0) cell = ansi.bold(cell);
        else if (i == 1) cell = ansi.state(TaskState.valueOf(r[1]), cell);
        sb.append(cell);
      }
      out.println(sb.toString().stripTrailing());
    }
    if (note != null) out.println(ansi.dim(note));
    out.println();
    out.println(totals(outcomes, wall));
  }

  /** {@code 8 tasks: 6 succeeded, 1 failed, 1 upstream failed in 3.2s}. */
  static String totals(List<TaskOutcome> outcomes, Duration wall) {
    Map<TaskState, Integer> n = new EnumMap<>(TaskState.class);
    for (TaskOutcome o : outcomes) n.merge(o.state(), 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    n.forEach((state, count) -> parts.add(count + " " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    return outcomes.size() + (outcomes.size() == 1 ? " task: " : " tasks: ") + String.join(", ", parts)
        + " in " + Durations.format(wall);
  }

  private static String truncate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 3) + "...";
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }
}
