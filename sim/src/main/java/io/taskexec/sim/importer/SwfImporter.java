package io.taskexec.sim.importer;

import io.taskexec.sim.SimTask;
import io.taskexec.sim.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard Workload Format job logs of the Parallel Workloads Archive: {@code ;} header lines
 * (the reader takes {@code MaxProcs}), then one job per line with 18 whitespace-separated fields
 * (job, submit, wait, run time, allocated processors, average cpu, used memory, requested
 * processors, requested time, requested memory, status, user, group, application, queue,
 * partition, preceding job, think time); {@code -1} means unknown.
 *
 * <p>Each job becomes an independent task arriving at its submit time (shifted so that the first
 * arrives at 0), asking for its allocated processors as cores (the requested ones when the
 * allocation is unknown), running for its run time, with its requested time as the estimate.
 * Jobs with an unknown run time or processor count cannot be simulated and are left out; {@link
 * #skipped} counts them.
 */
public final class SwfImporter {
  private SwfImporter() {}

  /** A job log read, and how many of its records could not be used. */
  public record Result(Workload workload, int skipped) {}

  public static Workload read(Path file) throws ImportException {
    return readWithSkipped(file).workload();
  }

  public static Result readWithSkipped(Path file) throws ImportException {
    List<SimTask> tasks = new ArrayList<>();
    int maxProcs = 0;
    int skipped = 0;
    double first = Double.NaN;
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      int l = 0;
      while ((line = r.readLine()) != null) {
        l++;
        String s = line.strip();
        if (s.isEmpty()) continue;
        if (s.startsWith(";")) {
          String h = s.substring(1).strip();
          if (h.startsWith("MaxProcs:")) maxProcs = (int) parse(file, l, h.substring(9).strip(), "MaxProcs");
          continue;
        }
        String[] f = s.split("\\s+");
        if (f.length < 18) {
          throw new ImportException(file, "line " + l, "a job record has 18 fields, this one has "
              + f.length);
        }
        double submit = parse(file, l, f[1], "submit time (field 2)");
        double run = parse(file, l, f[3], "run time (field 4)");
        double procs = parse(file, l, f[4], "allocated processors (field 5)");
        if (procs <= 0) procs = parse(file, l, f[7], "requested processors (field 8)");
        double requested = parse(file, l, f[8], "requested time (field 9)");
        if (run < 0 || procs <= 0 || submit < 0) {
          skipped++;
          continue;
        }
        if (Double.isNaN(first)) first = submit;
        tasks.add(new SimTask(f[0], "swf", procs, 0, 0, run, Math.max(0, submit - first),
            new int[0], null, 0, requested > 0 ? requested : Double.NaN, Double.NaN));
      }
    } catch (IOException e) {
      throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
    }
    if (tasks.isEmpty()) throw new ImportException(file, "", "no usable job records");
    tasks.sort((a, b) -> Double.compare(a.submit(), b.submit()));
    return new Result(new Workload(file.getFileName().toString(), "swf", tasks, Double.NaN, maxProcs),
        skipped);
  }

  private static double parse(Path file, int line, String v, String field) throws ImportException {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ImportException(file, "line " + line, field + " is '" + v + "', not a number");
    }
  }
}
