package io.taskexec.store.jdbc;

import io.taskexec.store.StoreChecks;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The rules of {@link StoreChecks}, checked in SQL so that a large store is not loaded. */
final class Checks {
  private static final int LIMIT = StoreChecks.LIMIT;

  private Checks() {}

  static List<String> run(Reads reads) {
    List<String> out = new ArrayList<>(reads.integrityProblems());
    if (!out.isEmpty()) return out; // the rules mean little on a damaged file
    out.addAll(reads.list("SELECT e.seq, e.task_id FROM events e WHERE NOT EXISTS"
            + " (SELECT 1 FROM tasks t WHERE t.id = e.task_id) ORDER BY e.id LIMIT " + LIMIT,
        rs -> StoreChecks.unknownTask(rs.getLong(1), rs.getString(2))));
    out.addAll(reads.list("SELECT prev, seq FROM (SELECT seq, LAG(seq) OVER (ORDER BY id) AS prev"
            + " FROM events) x WHERE seq <= prev LIMIT " + LIMIT,
        rs -> StoreChecks.notIncreasing(rs.getLong(1), rs.getLong(2))));
    out.addAll(reads.list("SELECT task_id, COUNT(*) FROM events WHERE type = state AND state IN ("
            + terminalStates() + ") GROUP BY task_id HAVING COUNT(*) > 1 ORDER BY task_id LIMIT " + LIMIT,
        rs -> StoreChecks.twoTerminals(rs.getString(1), rs.getLong(2))));
    out.addAll(reads.list("SELECT m.task_id, s.state, e.state, e.seq FROM"
            + " (SELECT task_id, MAX(id) AS last_id FROM events GROUP BY task_id) m"
            + " JOIN events e ON e.id = m.last_id LEFT JOIN task_state s ON s.task_id = m.task_id"
            + " WHERE s.task_id IS NULL OR s.last_event_id <> m.last_id OR s.state <> e.state"
            + " ORDER BY m.last_id LIMIT " + LIMIT,
        rs -> {
          String current = rs.getString(2);
          return StoreChecks.stateDisagrees(rs.getString(1),
              current == null ? TaskState.PENDING : TaskState.valueOf(current),
              TaskState.valueOf(rs.getString(3)), rs.getLong(4));
        }));
    return out;
  }

  private static String terminalStates() {
    StringJoiner j = new StringJoiner(", ");
    for (TaskState s : TaskState.values()) if (s.isTerminal()) j.add("'" + s.name() + "'");
    return j.toString();
  }
}
