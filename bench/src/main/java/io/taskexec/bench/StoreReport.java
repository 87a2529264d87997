package io.taskexec.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The figures of group (s): taskexec's throughput on each store beside the best peer on the same
 * database in the same mode (goals on the batched runs: SQLite >= 130,000 and PostgreSQL >= 50,000
 * tasks/s), its acknowledgement latency and heap beside that peer's, then every peer's own figures.
 * Also a side-by-side table in the log.
 */
final class StoreReport {
  static final double SQLITE_GOAL = 130_000;
  static final double POSTGRES_GOAL = 50_000;
  private static final List<String> DATABASES = List.of("memory", "SQLite", "PostgreSQL");
  private static final List<String> MODES = List.of("batched", "single");

  private StoreReport() {}

  static void report(StoreSizes z, List<StoreRun> runs, Report out, Consumer<String> log) {
    log.accept(table(runs));
    for (String db : DATABASES) {
      for (String mode : MODES) taskexec(z, runs, db, mode, out);
    }
    for (StoreRun r : runs) {
      if (!r.subject().equals("taskexec")) peer(z, r, out);
    }
    List<Run> ok = new ArrayList<>();
    for (StoreRun r : runs) if (r.ok()) ok.add(r.asRun());
    out.addRuns("s", ok);
  }

  private static void taskexec(StoreSizes z, List<StoreRun> runs, String db, String mode, Report out) {
    Optional<StoreRun> found = runs.stream()
        .filter(r -> r.subject().equals("taskexec") && r.database().equals(db) && r.mode().equals(mode)).findFirst();
    if (found.isEmpty()) return;
    StoreRun t = found.get();
    Optional<StoreRun> best = bestPeer(runs, db, mode);
    String peer = best.map(b -> b.subject() + " " + mode).orElse(db.equals("memory") ? null : "no peer ran");
    double peerRate = best.map(StoreRun::perSecond).orElse(Double.NaN);
    Goal goal = !mode.equals("batched") ? null : switch (db) {
      case "SQLite" -> Goal.valueAtLeast(SQLITE_GOAL, "tasks/s");
      case "PostgreSQL" -> Goal.valueAtLeast(POSTGRES_GOAL, "tasks/s");
      default -> null;
    };
    String id = "s.taskexec_" + key(db) + "_" + mode;
    String label = "s. taskexec " + db + ", " + shape(z, mode, t.jobs()) + (t.failure() == null ? "" : " (n/a: " + t.failure() + ")");
    out.add(Figure.of(id + "_tasks_per_s", label, t.perSecond(), "tasks/s", peer, peerRate, goal));
    String ackLabel = "s. taskexec " + db + ", " + mode + " submit acknowledged";
    out.add(Figure.beside(id + "_ack_p50_us", ackLabel + ", p50", ack(t, t.ackP50Nanos()), "us", peer,
        best.map(b -> ack(b, b.ackP50Nanos())).orElse(Double.NaN)));
    out.add(Figure.beside(id + "_ack_p99_us", ackLabel + ", p99", ack(t, t.ackP99Nanos()), "us", peer,
        best.map(b -> ack(b, b.ackP99Nanos())).orElse(Double.NaN)));
    out.add(Figure.beside(id + "_peak_heap_mb", "s. taskexec " + db + ", " + mode + ", peak heap used (sampled)",
        t.ok() ? t.heap().peakUsedBytes() / 1e6 : Double.NaN, "MB", peer,
        best.map(b -> b.heap().peakUsedBytes() / 1e6).orElse(Double.NaN)));
  }

  private static void peer(StoreSizes z, StoreRun r, Report out) {
    String id = "s." + key(r.subject().replaceAll(" .*", "")) + "_" + key(r.database()) + "_" + r.mode();
    String label = "s. peer " + r.subject() + " " + r.database() + ", " + shape(z, r.mode(), r.jobs())
        + (r.failure() == null ? "" : " (n/a: " + r.failure() + ")");
    out.add(Figure.beside(id + "_jobs_per_s", label, r.perSecond(), "jobs/s", null, Double.NaN));
    String ackLabel = "s. peer " + r.subject() + " " + r.database() + ", " + r.mode() + " enqueue acknowledged";
    out.add(Figure.beside(id + "_ack_p50_us", ackLabel + ", p50", ack(r, r.ackP50Nanos()), "us", null, Double.NaN));
    out.add(Figure.beside(id + "_ack_p99_us", ackLabel + ", p99", ack(r, r.ackP99Nanos()), "us", null, Double.NaN));
  }

  /** The peer with the highest throughput on {@code db} in {@code mode}. */
  static Optional<StoreRun> bestPeer(List<StoreRun> runs, String db, String mode) {
    return runs.stream()
        .filter(r -> !r.subject().equals("taskexec") && r.database().equals(db) && r.mode().equals(mode) && r.ok())
        .max(Comparator.comparingDouble(StoreRun::perSecond));
  }

  private static double ack(StoreRun r, long nanos) {
    return r.failure() == null && r.calls() > 0 ? nanos / 1e3 : Double.NaN;
  }

  private static String shape(StoreSizes z, String mode, int jobs) {
    return mode.equals("batched")
        ? String.format("%,d no-op jobs, batches of %,d from %d threads", jobs, z.batch(), z.batchThreads())
        : String.format("%,d no-op jobs, one per call from %d threads", jobs, z.singleThreads());
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** Every subject side by side, one line per subject and database. */
  static String table(List<StoreRun> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"subject", "database", "batched jobs/s", "ack p50", "ack p99", "single jobs/s", "ack p50",
        "ack p99", "peak heap", "note"});
    List<String> seen = new ArrayList<>();
    for (StoreRun r : runs) {
      String k = r.subject() + "|" + r.database();
      if (seen.contains(k)) continue;
      seen.add(k);
      StoreRun b = find(runs, r.subject(), r.database(), "batched");
      StoreRun s = find(runs, r.subject(), r.database(), "single");
      String note = b != null && b.failure() != null ? b.failure() : s != null && s.failure() != null ? s.failure() : "";
      rows.add(new String[] {r.subject(), r.database(), rate(b), micros(b, true), micros(b, false), rate(s),
          micros(s, true), micros(s, false), b != null && b.ok() ? String.format("%,.0f MB", b.heap().peakUsedBytes() / 1e6) : "n/a",
          note});
    }
    int[] w = new int[rows.get(0).length];
    for (String[] row : rows) for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
    StringBuilder sb = new StringBuilder("[s] side by side (jobs/s: first enqueue to every job done and stored; ack:"
        + " one enqueue call, batch or single, until it returns durable):\n");
    for (String[] row : rows) {
      sb.append("    ");
      for (int i = 0; i < row.length; i++) {
        boolean right = i >= 2 && i <= 8;
        String cell = right ? " ".repeat(w[i] - row[i].length()) + row[i] : row[i] + " ".repeat(w[i] - row[i].length());
        sb.append(cell).append(i + 1 < row.length ? "  " : "");
      }
      sb.append('\n');
    }
    return sb.toString().stripTrailing();
  }

  private static StoreRun find(List<StoreRun> runs, String subject, String db, String mode) {
    return runs.stream().filter(r -> r.subject().equals(subject) && r.database().equals(db) && r.mode().equals(mode))
        .findFirst().orElse(null);
  }

  private static String rate(StoreRun r) {
    return r == null || !r.ok() ? "n/a" : String.format("%,.0f", r.perSecond());
  }

  private static String micros(StoreRun r, boolean p50) {
    if (r == null || r.failure() != null || r.calls() == 0) return "n/a";
    long ns = p50 ? r.ackP50Nanos() : r.ackP99Nanos();
    return ns >= 10_000_000 ? String.format("%,.0f ms", ns / 1e6) : String.format("%,.0f µs", ns / 1e3);
  }
}
