package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreChecks;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rules of {@link StoreChecks} over the packed events: in SQL where a pack's columns suffice;
 * the order of seq and the terminal events by decoding the packs once, in the order appended.
 */
final class Checks {
  private static final int LIMIT = StoreChecks.LIMIT;

  private Checks() {}

  static List<String> run(Reads reads) {
    List<String> out = new ArrayList<>(reads.integrityProblems());
    if (!out.isEmpty()) return out; // the rules mean little on a damaged file
    packed(reads, out);
    return out;
  }

  /** The rules over packed events: in SQL where a pack's columns suffice, else decoded. */
  private static void packed(Reads reads, List<String> out) {
    String where = reads.where();
    int unknown = 0;
    for (Reads.Pack p : reads.packs("SELECT p.id, p.task_id, p.body FROM event_packs p WHERE NOT EXISTS"
        + " (SELECT 1 FROM tasks t WHERE t.id = p.task_id) ORDER BY p.id LIMIT " + LIMIT)) {
      for (Packs.Stored e : p.decode(where))
        if (unknown++ < LIMIT) out.add(StoreChecks.unknownTask(e.event().seq(), e.event().taskId()));
    }
    long[] prev = {Long.MIN_VALUE};
    int[] order = {0};
    Map<String, Integer> terminals = new TreeMap<>();
    Packs.InOrder inOrder = new Packs.InOrder(s -> {
      TaskEvent e = s.event();
      if (e.seq() <= prev[0] && order[0]++ < LIMIT) out.add(StoreChecks.notIncreasing(prev[0], e.seq()));
      prev[0] = e.seq();
      if (StoreChecks.isTerminal(e)) terminals.merge(e.taskId(), 1, Integer::sum);
    });
    for (Reads.Pack p : reads.packs(Packs.ALL)) inOrder.pack(p.id(), p.decode(where));
    inOrder.end();
    int two = 0;
    for (Map.Entry<String, Integer> t : terminals.entrySet())
      if (t.getValue() > 1 && two++ < LIMIT) out.add(StoreChecks.twoTerminals(t.getKey(), t.getValue()));
    // a task's current state is its last pack's columns: they must name the pack's last event
    List<String> disagree = reads.list("SELECT p.id, p.task_id, p.body, p.state, p.last_seq FROM event_packs p"
            + " JOIN (SELECT task_id, MAX(id) AS id FROM event_packs GROUP BY task_id) m ON m.id = p.id ORDER BY p.id",
        rs -> {
          List<Packs.Stored> events = new Reads.Pack(rs.getLong(1), rs.getString(2), rs.getString(3)).decode(where);
          TaskEvent last = events.get(events.size() - 1).event();
          String current = rs.getString(4);
          if (current.equals(last.state().name()) && rs.getLong(5) == last.seq()) return null;
          return StoreChecks.stateDisagrees(last.taskId(), TaskState.valueOf(current), last.state(), last.seq());
        });
    disagree.stream().filter(Objects::nonNull).limit(LIMIT).forEach(out::add);
  }
}
