package io.taskexec.sim.importer;

import io.taskexec.sim.SimTask;
import io.taskexec.sim.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kasahara Standard Task Graph Set files: the number of real tasks N, then N + 2 records {@code id
 * cost npred pred...} (task 0 and N + 1 are dummy entry and exit tasks of cost 0), then {@code #}
 * comment lines. Each task needs one processor; costs are integer time units, read as seconds.
 * Records may wrap across lines (the reader works on the stream of numbers).
 */
public final class StgImporter {
  private StgImporter() {}

  public static Workload read(Path file) throws ImportException {
    List<long[]> numbers = new ArrayList<>(); // {value, line}
    try {
      List<String> lines = Files.readAllLines(file);
      for (int l = 0; l < lines.size(); l++) {
        String line = lines.get(l).strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        for (String tok : line.split("\\s+")) {
          try {
            numbers.add(new long[] {Long.parseLong(tok), l + 1});
          } catch (NumberFormatException e) {
            throw new ImportException(file, "line " + (l + 1), "'" + tok
                + "' is not an integer; STG records are 'id cost npred pred...'");
          }
        }
      }
    } catch (IOException e) {
      throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
    }
    if (numbers.isEmpty()) throw new ImportException(file, "", "empty: expected the task count N");
    int n = (int) numbers.get(0)[0];
    int pos = 1;
    List<SimTask> tasks = new ArrayList<>(n + 2);
    for (int t = 0; t < n + 2; t++) {
      if (pos + 3 > numbers.size()) {
        throw new ImportException(file, "end", "expected " + (n + 2) + " task records, found " + t);
      }
      long line = numbers.get(pos)[1];
      int id = (int) numbers.get(pos)[0];
      long cost = numbers.get(pos + 1)[0];
      int npred = (int) numbers.get(pos + 2)[0];
      pos += 3;
      if (id != t) {
        throw new ImportException(file, "line " + line, "task record " + t + " has id " + id
            + "; ids must run 0.." + (n + 1) + " in order");
      }
      if (cost < 0 || npred < 0 || pos + npred > numbers.size()) {
        throw new ImportException(file, "line " + line, "task " + id
            + ": cost and predecessor count must be non-negative and the predecessors present");
      }
      int[] preds = new int[npred];
      for (int k = 0; k < npred; k++) {
        preds[k] = (int) numbers.get(pos + k)[0];
        if (preds[k] < 0 || preds[k] >= id) {
          throw new ImportException(file, "line " + line, "task " + id + " names predecessor "
              + preds[k] + "; predecessors must be earlier tasks");
        }
      }
      pos += npred;
      tasks.add(SimTask.of(Integer.toString(id), "stg", 1, 0, cost, preds, null));
    }
    return new Workload(file.getFileName().toString(), "stg", tasks, Double.NaN, 0);
  }
}
