package io.taskexec.reporting.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.StateStore;
import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link TaskReport} of one stored task. */
public final class TaskReportBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL_BYTES = 64 * 1024;

  private TaskReportBuilder() {}

  /**
   * The report of {@code taskId}.
   *
   * @param baseDir where relative log locations are resolved
   * @throws IllegalArgumentException when the task is not stored
   */
  public static TaskReport of(StateStore store, String taskId, String source, Path baseDir, Instant now) {
    TaskFacts f = StoreScan.task(store, taskId)
        .orElseThrow(() -> new IllegalArgumentException("no task '" + taskId + "' is stored in " + source));
    Task t = f.stored().task();
    List<TaskEvent> events = store.events(taskId);
    Deque<TaskReport.Event> timeline = new ArrayDeque<>();
    for (TaskEvent e : events) {
      timeline.addLast(new TaskReport.Event(e.seq(), e.at().toString(), e.type().name(), e.state().name(), e.attempt(),
          e.agentId(), e.message()));
      if (timeline.size() > TaskReport.MAX_EVENTS) timeline.removeFirst();
    }
    List<TaskReport.Attempt> attempts = new ArrayList<>();
    for (AttemptRow a : f.attempts()) {
      Double d = a.startedAt() == null ? null
          : Duration.between(a.startedAt(), a.endedAt() != null ? a.endedAt() : now).toMillis() / 1000.0;
      attempts.add(new TaskReport.Attempt(a.attempt(), a.agentId(), a.gpus(), str(a.placedAt()), str(a.startedAt()),
          str(a.endedAt()), d, a.outcome() == null ? "RUNNING" : a.outcome().name(),
          a.failure() == null ? null : a.failure().name(), a.exitCode(), a.message(), a.logLocation()));
    }
    List<TaskReport.Metric> metrics = new ArrayList<>();
    for (MetricSummary m : f.metrics()) {
      metrics.add(new TaskReport.Metric(m.name(), m.count(), m.min(), m.max(), m.mean(), m.p50(), m.p95(), m.p99()));
    }
    String title = source;
    return new TaskReport(new RunReport.Meta(TaskReport.SCHEMA, "task", "Task " + t.id(), now.toString(), title),
        spec(t, f.stored().submittedAt()), f.status().state().name(), attempts, List.copyOf(timeline), events.size(),
        resources(f, t, now), metrics, logs(f.lastAttempt(), baseDir));
  }

  private static TaskReport.Spec spec(Task t, Instant submitted) {
    Requirements r = t.requirements();
    List<String> deps = new ArrayList<>();
    for (Dependency d : t.dependencies()) {
      deps.add(d.type().name().toLowerCase(Locale.ROOT) + " " + d.taskId() + " (" + d.condition().wireName() + ")");
    }
    String params;
    try {
      params = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(t.params());
    } catch (IOException e) {
      params = String.valueOf(t.params());
    }
    List<TaskReport.KeyValue> meta = new ArrayList<>();
    for (Map.Entry<String, Object> e : t.metadata().entrySet()) meta.add(new TaskReport.KeyValue(e.getKey(), String.valueOf(e.getValue())));
    String retry = t.retry().maxAttempts() <= 1 ? "no retries"
        : t.retry().maxAttempts() + " attempts, first retry after " + t.retry().initialBackoff().toMillis() / 1000.0
            + " s, x" + t.retry().multiplier() + " each time";
    return new TaskReport.Spec(t.id(), t.type(), t.priority(),
        t.deadline() == null ? null : t.deadline().resolve(submitted).toString(), submitted.toString(), r.cpuCores(),
        r.memoryGb(), r.storageGb(), r.gpuUnits(), deps, params,
        t.timeout() == null ? null : t.timeout().toMillis() / 1000.0, retry, meta);
  }

  private static TaskReport.Resources resources(TaskFacts f, Task t, Instant now) {
    double run = Usage.runSeconds(f.attempts(), now);
    Usage u = Usage.of(f.metrics(), run, t.requirements().gpuUnits());
    double reqCore = t.requirements().cpuCores() * run;
    Double cpuEff = u.cpuSeconds() == null || reqCore <= 0 ? null : TimeBuckets.round(u.cpuSeconds() / reqCore);
    Double memEff = u.peakMemoryGb() == null || t.requirements().memoryGb() <= 0 ? null
        : TimeBuckets.round(u.peakMemoryGb() / t.requirements().memoryGb());
    return new TaskReport.Resources(TimeBuckets.round(run), TimeBuckets.round(reqCore), u.cpuSeconds(), cpuEff,
        t.requirements().memoryGb(), u.peakMemoryGb(), memEff, u.gpuSeconds());
  }

  private static List<TaskReport.LogTail> logs(AttemptRow a, Path baseDir) {
    if (a == null || a.logLocation() == null) return List.of();
    Path dir = baseDir.resolve(a.logLocation());
    List<TaskReport.LogTail> out = new ArrayList<>();
    for (String stream : List.of("stdout", "stderr")) {
      Path file = dir.resolve("attempt-" + a.attempt() + "." + stream);
      out.add(tail(a.attempt(), stream, file));
    }
    return out;
  }

  static TaskReport.LogTail tail(int attempt, String stream, Path file) {
    if (!Files.isRegularFile(file)) return new TaskReport.LogTail(attempt, stream, file.toString(), List.of(), false, "no such file");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      long from = Math.max(0, len - TAIL_BYTES);
      byte[] buf = new byte[(int) (len - from)];
      raf.seek(from);
      raf.readFully(buf);
      String text = new String(buf, StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
      if (from > 0 && !lines.isEmpty()) lines.remove(0); // a partial first line
      boolean truncated = from > 0 || lines.size() > TaskReport.LOG_LINES;
      if (lines.size() > TaskReport.LOG_LINES) lines = lines.subList(lines.size() - TaskReport.LOG_LINES, lines.size());
      return new TaskReport.LogTail(attempt, stream, file.toString(), List.copyOf(lines), truncated,
          lines.isEmpty() ? "empty" : null);
    } catch (IOException e) {
      return new TaskReport.LogTail(attempt, stream, file.toString(), List.of(), false, "cannot be read: " + e.getMessage());
    }
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
