package io.taskexec.cli;

import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.event.EventListener;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.Durations;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live display on a terminal, redrawn five times a second on stderr:
 *
 * <pre>
 * [██████████████░░░░░░░░░░░░░░░░]  4/8  50%  elapsed 2.1s  eta 2.0s
 * succeeded 4  running 2  waiting 2
 *   transform-a  1.2s  45%
 *   transform-b  0.8s
 * </pre>
 *
 * Failures and retries scroll above it as lines that stay. Events only feed maps; the drawing
 * happens on the display's own thread, which is the only one that writes to the terminal.
 */
final class LiveProgress implements EventListener, AutoCloseable {
  private static final int BAR = 30;
  private static final int SHOWN_RUNNING = 5;

  private record Running(String id, int attempt, Instant since, double progress) {}

  private final PrintStream err;
  private final Ansi ansi;
  private final int width;
  private final boolean unicode;
  private final Clock clock;
  private final Instant start;
  private final EventLines notes;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> scrolled = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "taskexec-progress");
    t.setDaemon(true);
    return t;
  });
  private TaskExecutionEngine engine;
  private int drawn;
  private boolean closed;

  LiveProgress(PrintStream err, Ansi ansi, int width, boolean unicode, Clock clock, ZoneId zone) {
    this.err = err;
    this.ansi = ansi;
    this.width = Math.max(40, width);
    this.unicode = unicode;
    this.clock = clock;
    this.start = clock.now();
    this.notes = new EventLines(err, zone);
  }

  /** Starts drawing; the engine is asked for its counts on every frame. */
  void start(TaskExecutionEngine engine) {
    this.engine = engine;
    err.print("\u001b[?25l"); // hide the cursor while we redraw
    timer.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onEvents(List<TaskEvent> events) {
    for (TaskEvent e : events) {
      switch (e.type()) {
        case STARTED -> running.put(e.taskId(), new Running(e.taskId(), e.attempt(), e.at(), -1));
        case PROGRESS -> running.computeIfPresent(e.taskId(), (k, r) ->
            new Running(r.id(), r.attempt(), r.since(), ((Number) e.data().getOrDefault("progress", -1)).doubleValue()));
        default -> {
          if (EventLines.ends(e.type())) running.remove(e.taskId());
        }
      }
      boolean notable = switch (e.type()) {
        case RETRYING, FAILED, TIMED_OUT, UPSTREAM_FAILED, DEADLINE_MISSED -> true;
        default -> false;
      };
      String line = notes.line(e); // keeps its start times current even when not shown
      if (notable && line != null) scrolled.add(e.type() == EventType.RETRYING ? ansi.yellow(line) : ansi.red(line));
    }
  }

  /** Draws the last frame and gives the terminal back (cursor shown, display left in place). */
  @Override
  public synchronized void close() {
    if (closed) return;
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (engine != null) frame();
    closed = true;
    err.print("\u001b[?25h");
    err.flush();
  }

  private synchronized void draw() {
    if (closed) return;
    try {
      frame();
    } catch (RuntimeException e) {
      // a frame that fails to draw must not stop the next one
    }
  }

  private void frame() {
    StringBuilder sb = new StringBuilder();
    if (drawn > 0) sb.append("\r\u001b[").append(drawn).append('A'); // up to the first line of the last frame
    String line;
    while ((line = scrolled.poll()) != null) sb.append(fit(line)).append("\u001b[K\n");
    List<String> lines = lines();
    for (String l : lines) sb.append(fit(l)).append("\u001b[K\n");
    sb.append("\u001b[J"); // clear what the last frame had below
    drawn = lines.size();
    err.print(sb);
    err.flush();
  }

  List<String> lines() {
    Map<TaskState, Long> c = engine.counts();
    long total = c.values().stream().mapToLong(Long::longValue).sum();
    long done = c.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum();
    Instant now = clock.now();
    Duration elapsed = Duration.between(start, now);
    List<String> out = new ArrayList<>();
    out.add(bar(done, total) + String.format(Locale.ROOT, "  %d/%d  %3d%%  elapsed %s  eta %s", done, total,
        total == 0 ? 0 : done * 100 / total, Durations.format(elapsed), eta(done, total, elapsed)));
    out.add(counts(c));
    List<Running> now5 = running.values().stream().sorted(Comparator.comparing(Running::since)).toList();
    int idWidth = now5.stream().limit(SHOWN_RUNNING).mapToInt(r -> r.id().length()).max().orElse(0);
    for (Running r : now5.stream().limit(SHOWN_RUNNING).toList()) {
      String p = r.progress() < 0 ? "" : String.format(Locale.ROOT, "  %3.0f%%", r.progress() * 100);
      String attempt = r.attempt() > 1 ? "  attempt " + r.attempt() : "";
      out.add("  " + ansi.cyan(pad(r.id(), idWidth)) + "  " + Durations.format(Duration.between(r.since(), now)) + p + attempt);
    }
    if (now5.size() > SHOWN_RUNNING) out.add(ansi.dim("  ... and " + (now5.size() - SHOWN_RUNNING) + " more running"));
    return out;
  }

  private String bar(long done, long total) {
    int filled = total == 0 ? 0 : (int) (BAR * done / total);
    String full = unicode ? "█" : "#";
    String empty = unicode ? "░" : "-";
    return "[" + ansi.green(full.repeat(filled)) + ansi.dim(empty.repeat(BAR - filled)) + "]";
  }

  private static String eta(long done, long total, Duration elapsed) {
    if (done == 0 || done >= total) return done >= total && total > 0 ? "0s" : "--";
    double perTask = (double) elapsed.toNanos() / done;
    return Durations.format(Duration.ofNanos((long) (perTask * (total - done))));
  }

  private String counts(Map<TaskState, Long> c) {
    long waiting = c.get(TaskState.PENDING) + c.get(TaskState.READY) + c.get(TaskState.PLACED) + c.get(TaskState.RETRYING);
    long failed = c.get(TaskState.FAILED) + c.get(TaskState.TIMED_OUT);
    List<String> parts = new ArrayList<>();
    parts.add(ansi.green("succeeded " + c.get(TaskState.SUCCEEDED)));
    parts.add((failed > 0 ? ansi.red("failed " + failed) : "failed 0"));
    parts.add(ansi.cyan("running " + c.get(TaskState.RUNNING)));
    parts.add(ansi.dim("waiting " + waiting));
    for (TaskState s : List.of(TaskState.UPSTREAM_FAILED, TaskState.DEADLINE_MISSED, TaskState.CANCELLED, TaskState.SKIPPED)) {
      long n = c.get(s);
      if (n > 0) parts.add(ansi.state(s, s.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + n));
    }
    return String.join("  ", parts);
  }

  /** Cuts a line to the terminal's width (escapes do not count), so that no line wraps. */
  private String fit(String line) {
    int visible = 0;
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\u001b') {
        int end = line.indexOf('m', i);
        if (end < 0) break;
        sb.append(line, i, end + 1);
        i = end;
        continue;
      }
      if (visible >= width - 1) continue;
      sb.append(ch);
      visible++;
    }
    return sb.toString() + (ansi.on() ? Ansi.RESET : "");
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }
}
