package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consistency rules of every store, over lists in memory (the durable stores check the same
 * rules in SQL, with the same sentences):
 *
 * <ol>
 *   <li>every event refers to a stored task;
 *   <li>event sequence numbers strictly increase in stored order;
 *   <li>no task has two terminal events (a transition into a terminal state);
 *   <li>the current state of each task agrees with its last event.
 * </ol>
 */
public final class StoreChecks {
  /** At most this many problems of one rule are listed; the rest are counted. */
  public static final int LIMIT = 20;

  private StoreChecks() {}

  /** True when the event moved its task into a terminal state (its type names that state). */
  public static boolean isTerminal(TaskEvent e) {
    return e.state().isTerminal() && e.type().name().equals(e.state().name());
  }

  public static String unknownTask(long seq, String taskId) {
    return "event seq " + seq + " refers to task " + taskId + ", which is not stored";
  }

  public static String notIncreasing(long prev, long seq) {
    return "event seq " + seq + " follows seq " + prev + ": sequence numbers must strictly increase";
  }

  public static String twoTerminals(String taskId, long count) {
    return "task " + taskId + " has " + count + " terminal events; a task ends once";
  }

  public static String stateDisagrees(String taskId, TaskState current, TaskState last, long seq) {
    return "task " + taskId + ": current state " + current + " disagrees with its last event (seq "
        + seq + ", " + last + ")";
  }

  public static List<String> check(List<StoredTask> tasks, List<TaskEvent> events,
      Map<String, TaskStatus> current) {
    Set<String> ids = new HashSet<>();
    for (StoredTask t : tasks) ids.add(t.task().id());
    List<String> problems = new ArrayList<>();
    Map<String, Integer> terminals = new LinkedHashMap<>();
    Map<String, TaskEvent> last = new LinkedHashMap<>();
    long prev = Long.MIN_VALUE;
    int unknown = 0, order = 0;
    for (TaskEvent e : events) {
      if (!ids.contains(e.taskId()) && unknown++ < LIMIT) problems.add(unknownTask(e.seq(), e.taskId()));
      if (e.seq() <= prev && order++ < LIMIT) problems.add(notIncreasing(prev, e.seq()));
      prev = e.seq();
      if (isTerminal(e)) terminals.merge(e.taskId(), 1, Integer::sum);
      last.put(e.taskId(), e);
    }
    terminals.forEach((id, n) -> {
      if (n > 1) problems.add(twoTerminals(id, n));
    });
    for (TaskEvent e : last.values()) {
      TaskStatus s = current.get(e.taskId());
      if (s != null && s.state() != e.state())
        problems.add(stateDisagrees(e.taskId(), s.state(), e.state(), e.seq()));
    }
    return problems;
  }
}
