package io.taskexec.sim.importer;

import io.taskexec.sim.SimTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects tasks keyed by name and edges by names (from either end, duplicates merged), then
 * turns them into {@link SimTask}s with parent indexes. Shared by the graph formats.
 */
final class GraphBuilder {
  /** A task before its edges are resolved. */
  record Node(String id, String type, double cpu, double memoryGb, double runtime) {}

  private final Path file;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, String> where = new HashMap<>();
  private final Map<String, Set<String>> parents = new HashMap<>();
  private final Map<String, Map<String, Double>> data = new HashMap<>();

  GraphBuilder(Path file) {
    this.file = file;
  }

  void add(Node n, String location) throws ImportException {
    if (nodes.putIfAbsent(n.id(), n) != null) {
      throw new ImportException(file, location, "task '" + n.id() + "' appears twice; ids must be unique");
    }
    where.put(n.id(), location);
  }

  /** Edge: {@code child} waits for {@code parent}. */
  void edge(String parent, String child) {
    parents.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
  }

  /** Bytes passed from {@code parent} to {@code child}, added up over files. */
  void data(String parent, String child, double bytes) {
    data.computeIfAbsent(child, k -> new HashMap<>()).merge(parent, bytes, Double::sum);
  }

  int size() {
    return nodes.size();
  }

  List<SimTask> build(boolean withData) throws ImportException {
    Map<String, Integer> index = new HashMap<>();
    int i = 0;
    for (String id : nodes.keySet()) index.put(id, i++);
    for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
      if (!index.containsKey(e.getKey())) {
        throw new ImportException(file, "", "an edge names task '" + e.getKey()
            + "', which is not defined (parent(s) " + e.getValue() + ")");
      }
      for (String p : e.getValue()) {
        if (!index.containsKey(p)) {
          throw new ImportException(file, where.get(e.getKey()), "task '" + e.getKey()
              + "' names parent '" + p + "', which is not defined");
        }
      }
    }
    List<SimTask> tasks = new ArrayList<>(nodes.size());
    for (Node n : nodes.values()) {
      Set<String> ps = parents.getOrDefault(n.id(), Set.of());
      int[] pi = new int[ps.size()];
      double[] pd = withData ? new double[ps.size()] : null;
      int k = 0;
      Map<String, Double> d = data.getOrDefault(n.id(), Map.of());
      for (String p : ps) {
        if (withData) pd[k] = d.getOrDefault(p, 0.0);
        pi[k++] = index.get(p);
      }
      tasks.add(SimTask.of(n.id(), n.type(), n.cpu(), n.memoryGb(), n.runtime(), pi, pd));
    }
    return tasks;
  }
}
