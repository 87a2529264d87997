package io.taskexec.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run of {@link BenchMain}, as a table for people and as JSON for tools. */
final class Report {
  private final Settings settings;
  private final List<Figure> figures = new ArrayList<>();
  private final List<Run> runs = new ArrayList<>();

  Report(Settings settings) {
    this.settings = settings;
  }

  void add(Figure f) {
    figures.add(f);
  }

  void addRuns(String section, List<Run> rs) {
    for (Run r : rs) runs.add(r.named(section + ": " + r.what()));
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }

  long misses() {
    return figures.stream().filter(f -> f.verdict().equals("MISS")).count();
  }

  String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"figure", "value", "baseline (same run)", "ratio", "goal", "result"});
    for (Figure f : figures) {
      String baseline = f.baselineLabel() == null ? "" : f.baselineLabel() + ": " + format(f.baseline(), f.unit());
      String ratio = Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", f.ratio());
      rows.add(new String[] {f.label(), format(f.value(), f.unit()), baseline, ratio,
          f.goal() == null ? "" : f.goal().text(), f.verdict()});
    }
    int[] width = new int[6];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      for (int i = 0; i < r.length; i++) {
        boolean right = i == 1 || i == 3;
        String cell = right ? " ".repeat(width[i] - r[i].length()) + r[i] : r[i] + " ".repeat(width[i] - r[i].length());
        sb.append(cell).append(i + 1 < r.length ? "  " : "");
      }
      sb.append('\n');
      if (k == 0) {
        for (int i = 0; i < width.length; i++) sb.append("-".repeat(width[i])).append(i + 1 < width.length ? "  " : "");
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  static String format(double v, String unit) {
    if (Double.isNaN(v)) return "n/a";
    String number = switch (unit) {
      case "µs" -> String.format(Locale.ROOT, "%.3f", v);
      case "MB" -> String.format(Locale.ROOT, "%,.1f", v);
      default -> String.format(Locale.ROOT, "%,.0f", v);
    };
    return number + " " + unit;
  }

  void writeJson(Path file, Map<String, Object> environment) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", settings.name());
    root.put("settings", settingsMap());
    root.put("environment", environment);
    List<Object> fs = new ArrayList<>();
    for (Figure f : figures) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id());
      m.put("label", f.label());
      m.put("value", f.value());
      m.put("unit", f.unit());
      m.put("baseline_label", f.baselineLabel());
      m.put("baseline", f.baselineLabel() == null ? null : f.baseline());
      m.put("ratio", f.ratio());
      m.put("goal", f.goal() == null ? null : f.goal().text());
      m.put("result", f.goal() == null ? null : f.verdict());
      fs.add(m);
    }
    root.put("figures", fs);
    List<Object> rs = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", r.what());
      m.put("tasks", r.tasks());
      m.put("succeeded", r.succeeded());
      m.put("seconds", r.nanos() / 1e9);
      m.put("tasks_per_s", r.perSecond());
      m.put("peak_heap_used_mb", r.heap().peakUsedBytes() / 1e6);
      m.put("retained_heap_mb", r.heap().retainedBytes() / 1e6);
      m.put("cpu_us_per_task_caller", r.cpu().callerNanos() / 1e3 / r.tasks());
      m.put("cpu_us_per_task_scheduler", r.cpu().schedulerNanos() / 1e3 / r.tasks());
      m.put("cpu_us_per_task_workers", r.cpu().workerNanos() / 1e3 / r.tasks());
      m.put("gc_ms", r.cpu().gcMillis());
      m.put("gc_count", r.cpu().gcCount());
      m.put("context_switches_per_task", r.cpu().contextSwitches() / (double) r.tasks());
      m.put("scheduler_rounds", r.rounds());
      m.put("events", r.events());
      rs.add(m);
    }
    root.put("runs", rs);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, Json.write(root), StandardCharsets.UTF_8);
  }

  private Map<String, Object> settingsMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flat_tasks", settings.flatTasks());
    m.put("rounds", settings.rounds());
    m.put("dag_tasks", settings.dagTasks());
    m.put("workers", settings.workers());
    m.put("batch", settings.batch());
    m.put("jmh_forks", settings.jmhForks());
    m.put("jmh_warmup_iterations", settings.jmhWarmups());
    m.put("jmh_iterations", settings.jmhIterations());
    m.put("jmh_iteration_seconds", settings.jmhSeconds());
    return m;
  }
}
