package io.taskexec.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of Linux's {@code /proc}: for every process, its parent, cpu time and resident
 * memory, so that whole process trees are summed from a single pass per sampling round (rather
 * than one pass per task, which is what {@link ProcessHandle#descendants} costs).
 *
 * <p>A process's cpu time here includes that of its children it has waited for ({@code cutime},
 * {@code cstime}), so a tree's sum counts every cpu second of its live and finished members once.
 */
final class ProcTable {
  static final Path PROC = Path.of("/proc");
  /** Clock ticks per second of {@code /proc} times, and the page size of rss. */
  static final long TICKS = sysconf("CLK_TCK", 100);
  static final long PAGE = sysconf("PAGESIZE", 4096);

  /** One process: parent pid, cpu time in ticks (self and waited-for children), resident pages. */
  record Stat(long pid, long ppid, long cpuTicks, long rssPages, long startTicks) {}

  private final Map<Long, Stat> byPid;
  private final Map<Long, List<Long>> children;

  private ProcTable(Map<Long, Stat> byPid) {
    this.byPid = byPid;
    this.children = new HashMap<>();
    for (Stat s : byPid.values()) children.computeIfAbsent(s.ppid(), k -> new ArrayList<>(2)).add(s.pid());
  }

  static boolean available() {
    return Files.isReadable(PROC.resolve("self/stat"));
  }

  /** Reads every process now. Processes that end while being read are skipped. */
  static ProcTable read() {
    Map<Long, Stat> m = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') continue;
        Stat s = stat(p.resolve("stat"));
        if (s != null) m.put(s.pid(), s);
      }
    } catch (IOException e) {
      // /proc unreadable: an empty table, nothing sampled
    }
    return new ProcTable(m);
  }

  /** The tree rooted at {@code pid}: cpu ticks and resident bytes summed, or null when the root is gone. */
  Usage tree(long pid) {
    Stat root = byPid.get(pid);
    if (root == null) return null;
    long cpu = 0;
    long rss = 0;
    int processes = 0;
    ArrayList<Long> todo = new ArrayList<>();
    todo.add(pid);
    while (!todo.isEmpty()) {
      Stat s = byPid.get(todo.remove(todo.size() - 1));
      if (s == null) continue;
      cpu += s.cpuTicks();
      rss += s.rssPages();
      processes++;
      List<Long> kids = children.get(s.pid());
      if (kids != null) todo.addAll(kids);
    }
    return new Usage(cpu * 1_000_000_000L / TICKS, rss * PAGE, processes);
  }

  /** A process tree's cpu time (ns, cumulative) and resident memory now. */
  record Usage(long cpuNanos, long rssBytes, int processes) {}

  /** This JVM's cpu time spent by children it has reaped (ns): where a finished task's last cpu seconds go. */
  static long reapedChildrenCpuNanos() {
    try {
      String[] f = fields(Files.readString(PROC.resolve("self/stat"), StandardCharsets.US_ASCII));
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1_000_000_000L / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static Stat stat(Path file) {
    try {
      String[] f = fields(Files.readString(file, StandardCharsets.US_ASCII));
      if (f == null) return null;
      long pid = Long.parseLong(file.getParent().getFileName().toString().equals("self")
          ? String.valueOf(ProcessHandle.current().pid()) : file.getParent().getFileName().toString());
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return new Stat(pid, Long.parseLong(f[1]), ticks, Long.parseLong(f[21]), Long.parseLong(f[19]));
    } catch (IOException | RuntimeException e) {
      return null; // ended meanwhile, or unreadable
    }
  }

  /** The fields after {@code (comm)}: [0] state, [1] ppid, ... (field n of proc(5) is index n - 3). */
  private static String[] fields(String line) {
    int close = line.lastIndexOf(')');
    if (close < 0) return null;
    String[] f = line.substring(close + 2).trim().split(" ");
    return f.length < 22 ? null : f;
  }

  private static long sysconf(String name, long fallback) {
    try {
      Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    }
  }
}
