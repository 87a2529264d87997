package io.taskexec.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** What the peers of group (s) share: a job counter, polling for completion, versions, clean-up. */
final class PeerJobs {
  /** How often completion is polled in a peer's database. */
  static final Duration POLL = Duration.ofMillis(20);

  private PeerJobs() {}

  /** Counts the no-op jobs a peer ran, and notes when the first was enqueued and when the first ran. */
  static final class Counter {
    private final AtomicLong ran = new AtomicLong();
    private final AtomicLong firstEnqueue = new AtomicLong();
    private final AtomicLong firstRun = new AtomicLong();

    void enqueuing() {
      if (firstEnqueue.get() == 0) firstEnqueue.compareAndSet(0, System.nanoTime());
    }

    void ran() {
      if (firstRun.get() == 0) firstRun.compareAndSet(0, System.nanoTime());
      ran.incrementAndGet();
    }

    long count() {
      return ran.get();
    }

    long firstRunNanos() {
      return firstRun.get();
    }

    /** Seconds from the first enqueue to the first run, or NaN. */
    double pickupSeconds() {
      long a = firstEnqueue.get(), b = firstRun.get();
      return a == 0 || b == 0 ? Double.NaN : (b - a) / 1e9;
    }
  }

  /** A check that may throw. */
  @FunctionalInterface
  interface Check {
    boolean ok() throws Exception;
  }

  /** Polls {@code check} until it holds or {@code limit} passes; false when it did not hold. */
  static boolean poll(Duration limit, Check check) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        if (check.ok()) return true;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("checking for completion failed: " + e.getMessage(), e);
      }
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(POLL);
    }
  }

  /** The version in the jar's Maven metadata or manifest, else {@code fallback}. */
  static String version(Class<?> c, String fallback) {
    Package p = c.getPackage();
    if (p != null && p.getImplementationVersion() != null) return p.getImplementationVersion();
    return fallback;
  }

  /** The statements of a SQL script: comments dropped, split at semicolons, COMMIT left out. */
  static List<String> statements(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      String l = line.strip();
      if (l.startsWith("--") || l.startsWith("#")) continue;
      sb.append(line).append('\n');
    }
    for (String s : sb.toString().split(";")) {
      String t = s.strip();
      if (!t.isEmpty() && !t.equalsIgnoreCase("commit")) out.add(t);
    }
    return out;
  }

  /** Deletes a directory and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
