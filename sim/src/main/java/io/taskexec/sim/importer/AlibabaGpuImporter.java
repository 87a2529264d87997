package io.taskexec.sim.importer;

import io.taskexec.place.GpuSharing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Alibaba GPU cluster trace of 2023 ({@code cluster-trace-gpu-v2023}, Weng et al., ATC'23):
 * the node list ({@code sn, cpu_milli, memory_mib, gpu, model}) and a pod list ({@code name,
 * cpu_milli, memory_mib, num_gpu, gpu_milli, gpu_spec, qos, pod_phase, creation_time,
 * deletion_time, scheduled_time}). Columns are found by their header names, in any order.
 * A {@code gpu_spec} like {@code V100M16|V100M32} limits the GPU models a pod accepts.
 */
public final class AlibabaGpuImporter {
  private AlibabaGpuImporter() {}

  /**
   * A pod of the trace.
   *
   * @param scheduled when it was scheduled (seconds), or NaN when it never was
   */
  public record Pod(String name, GpuSharing.Shape shape, String qos, String phase, double created,
      double deleted, double scheduled) {}

  public static List<GpuSharing.Node> nodes(Path file) throws ImportException {
    List<GpuSharing.Node> nodes = new ArrayList<>();
    Csv csv = Csv.read(file, "sn", "cpu_milli", "memory_mib", "gpu", "model");
    for (int i = 0; i < csv.rows.size(); i++) {
      String[] r = csv.rows.get(i);
      int line = csv.lines.get(i);
      nodes.add(new GpuSharing.Node(csv.text(r, "sn", line), csv.integer(r, "cpu_milli", line),
          csv.integer(r, "memory_mib", line), (int) csv.integer(r, "gpu", line),
          csv.text(r, "model", line)));
    }
    return nodes;
  }

  public static List<Pod> pods(Path file) throws ImportException {
    Csv csv = Csv.read(file, "name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec",
        "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time");
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < csv.rows.size(); i++) {
      String[] r = csv.rows.get(i);
      int line = csv.lines.get(i);
      int gpus = (int) csv.integer(r, "num_gpu", line);
      int milli = (int) csv.integer(r, "gpu_milli", line);
      String spec = csv.value(r, "gpu_spec");
      Set<String> models = spec.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(spec.split("\\|")));
      GpuSharing.Shape shape;
      try {
        shape = new GpuSharing.Shape(csv.integer(r, "cpu_milli", line),
            csv.integer(r, "memory_mib", line), gpus, gpus == 0 ? 0 : milli, models);
      } catch (IllegalArgumentException e) {
        throw new ImportException(file, "line " + line, e.getMessage());
      }
      String sched = csv.value(r, "scheduled_time");
      pods.add(new Pod(csv.text(r, "name", line), shape, csv.value(r, "qos"),
          csv.value(r, "pod_phase"), csv.number(r, "creation_time", line),
          csv.value(r, "deletion_time").isEmpty() ? Double.NaN : csv.number(r, "deletion_time", line),
          sched.isEmpty() ? Double.NaN : csv.number(r, "scheduled_time", line)));
    }
    return pods;
  }

  /** A headed CSV without quoting, as the trace is written. */
  private static final class Csv {
    final Path file;
    final Map<String, Integer> columns = new HashMap<>();
    final List<String[]> rows = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>();

    private Csv(Path file) {
      this.file = file;
    }

    static Csv read(Path file, String... required) throws ImportException {
      Csv c = new Csv(file);
      List<String> all;
      try {
        all = Files.readAllLines(file);
      } catch (IOException e) {
        throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
      }
      if (all.isEmpty()) throw new ImportException(file, "line 1", "empty; expected a header line");
      String[] header = all.get(0).strip().split(",", -1);
      for (int i = 0; i < header.length; i++) c.columns.put(header[i].strip(), i);
      for (String col : required) {
        if (!c.columns.containsKey(col)) {
          throw new ImportException(file, "line 1", "no column '" + col + "'; expected the columns "
              + String.join(", ", required));
        }
      }
      for (int l = 1; l < all.size(); l++) {
        if (all.get(l).isBlank()) continue;
        String[] r = all.get(l).split(",", -1);
        if (r.length < header.length) {
          throw new ImportException(file, "line " + (l + 1), r.length + " fields, the header has "
              + header.length);
        }
        c.rows.add(r);
        c.lines.add(l + 1);
      }
      return c;
    }

    String value(String[] r, String col) {
      return r[columns.get(col)].strip();
    }

    String text(String[] r, String col, int line) throws ImportException {
      String v = value(r, col);
      if (v.isEmpty()) throw new ImportException(file, "line " + line, "'" + col + "' is empty");
      return v;
    }

    long integer(String[] r, String col, int line) throws ImportException {
      String v = value(r, col);
      try {
        long x = Long.parseLong(v);
        if (x < 0) throw new NumberFormatException();
        return x;
      } catch (NumberFormatException e) {
        throw new ImportException(file, "line " + line, "'" + col + "' is '" + v
            + "'; expected a non-negative integer");
      }
    }

    double number(String[] r, String col, int line) throws ImportException {
      String v = value(r, col);
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new ImportException(file, "line " + line, "'" + col + "' is '" + v
            + "'; expected a number");
      }
    }
  }
}
