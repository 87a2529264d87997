package io.taskexec.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Group h: submissions through the HTTP API of a real server in its own JVM (SQLite store, a bearer
 * token on every request), driven on loopback by java.net.http from many virtual threads at once.
 * Single-task POSTs and batches of 100 tasks, each acknowledged once durable; latency by
 * HdrHistogram, the server process's peak RSS (/proc) and heap while under load. Baseline: GET
 * /health with the same client and concurrency (the HTTP stack alone).
 */
final class ApiLoad {
  static final String TOKEN = "bench-token";
  static final int CONCURRENCY = 64;
  static final int BATCH = 100;

  private ApiLoad() {}

  /** One load: requests per second, tasks per second, latency percentiles. */
  record Result(double requestsPerS, double tasksPerS, double p50Ms, double p99Ms, int errors) {}

  static void run(Settings s, Report report, Consumer<String> log) throws Exception {
    int singles = Math.max(5_000, s.flatTasks() / 5);
    int batches = Math.max(100, s.flatTasks() / 500);
    Path dir = Files.createTempDirectory("taskexec-bench-api");
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), ApiServerMain.class.getName(),
        dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (first == null || !first.startsWith("port ")) throw new IllegalStateException("the API server did not start: " + first);
      String base = "http://127.0.0.1:" + first.substring(5);
      AtomicLong peakHeap = new AtomicLong();
      Thread.ofPlatform().daemon().start(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("heap ")) peakHeap.accumulateAndGet(Long.parseLong(line.substring(5)), Math::max);
          }
        } catch (Exception e) {
          // the server ended
        }
      });
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
      log.accept(String.format("[h] HTTP API on %s (own JVM, SQLite): %,d single-task POSTs and %,d batches of %d, %d concurrent;"
          + " baseline GET /health", base, singles, batches, BATCH, CONCURRENCY));
      AtomicInteger ids = new AtomicInteger();
      IntFunction<HttpRequest> single = i -> post(base + "/api/v1/tasks", "{\"id\":\"s-" + ids.incrementAndGet() + "\",\"type\":\"noop\","
          + "\"requirements\":{\"cpu_cores\":0.1,\"memory_gb\":0.01,\"storage_gb\":0.01}}");
      IntFunction<HttpRequest> batch = i -> post(base + "/api/v1/runs?run=b-" + i, batchBody(ids));
      IntFunction<HttpRequest> health = i -> HttpRequest.newBuilder(URI.create(base + "/health")).GET().build();
      load(http, health, 2_000, 1, 200); // warm-up of the JIT on both sides
      load(http, single, 2_000, 1, 201);
      Result h = load(http, health, singles, 1, 200);
      long rss0 = rss(server.pid());
      RssPeak peak = new RssPeak(server.pid());
      Result one = load(http, single, singles, 1, 201);
      Result many = load(http, batch, batches, BATCH, 201);
      peak.stop();
      log.accept(String.format("[h] single: %,.0f req/s p50 %.2f ms p99 %.2f ms; batch: %,.0f tasks/s p99 %.1f ms per batch;"
          + " health: %,.0f req/s p99 %.2f ms; server RSS %d -> peak %d MB, heap peak %d MB; errors %d",
          one.requestsPerS(), one.p50Ms(), one.p99Ms(), many.tasksPerS(), many.p99Ms(), h.requestsPerS(), h.p99Ms(),
          rss0 >> 20, peak.peak() >> 20, peakHeap.get() >> 20, one.errors() + many.errors() + h.errors()));
      report.add(Figure.of("h.api_single_submits_per_s", String.format("h. API, single-task POSTs, %d concurrent", CONCURRENCY),
          one.requestsPerS(), "req/s", "GET /health", h.requestsPerS(), null));
      report.add(Figure.of("h.api_single_p99_ms", "h. API, single-task POST latency p99", one.p99Ms(), "ms", "GET /health p99", h.p99Ms(),
          Goal.valueAtMost(50, "ms")));
      report.add(Figure.beside("h.api_single_p50_ms", "h. API, single-task POST latency p50", one.p50Ms(), "ms", "GET /health p50", h.p50Ms()));
      report.add(Figure.of("h.api_batch_tasks_per_s", String.format("h. API, batches of %d tasks", BATCH), many.tasksPerS(), "tasks/s",
          "single-task POSTs", one.tasksPerS(), Goal.valueAtLeast(10_000, "tasks/s")));
      report.add(Figure.beside("h.api_batch_p99_ms", "h. API, batch POST latency p99", many.p99Ms(), "ms", "batch p50", many.p50Ms()));
      report.add(Figure.beside("h.server_rss_peak_mb", "h. server process RSS, peak under load", peak.peak() / 1e6, "MB", "idle", rss0 / 1e6));
      report.add(Figure.beside("h.server_heap_peak_mb", "h. server heap used, peak under load (-Xmx1g)", peakHeap.get() / 1e6, "MB", null, Double.NaN));
      if (one.errors() + many.errors() + h.errors() > 0) throw new IllegalStateException("some requests failed");
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) server.destroyForcibly();
    }
  }

  private static String batchBody(AtomicInteger ids) {
    StringBuilder b = new StringBuilder("{\"tasks\":[");
    for (int i = 0; i < BATCH; i++) {
      b.append(i == 0 ? "" : ",").append("{\"id\":\"b-").append(ids.incrementAndGet())
          .append("\",\"type\":\"noop\",\"requirements\":{\"cpu_cores\":0.1,\"memory_gb\":0.01,\"storage_gb\":0.01}}");
    }
    return b.append("]}").toString();
  }

  private static HttpRequest post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Sends {@code n} requests from {@link #CONCURRENCY} virtual threads; each expects {@code status}. */
  static Result load(HttpClient http, IntFunction<HttpRequest> request, int n, int tasksPerRequest, int status) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<Histogram> hs = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(CONCURRENCY);
    long t0 = System.nanoTime();
    for (int c = 0; c < CONCURRENCY; c++) {
      Histogram h = new Histogram(60_000_000_000L, 3);
      hs.add(h);
      Thread.ofVirtual().start(() -> {
        try {
          for (int i; (i = next.getAndIncrement()) < n; ) {
            HttpRequest r = request.apply(i);
            long s = System.nanoTime();
            try {
              HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
              if (res.statusCode() != status) errors.incrementAndGet();
            } catch (Exception e) {
              errors.incrementAndGet();
            }
            h.recordValue(Math.min(System.nanoTime() - s, 60_000_000_000L));
          }
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    double secs = (System.nanoTime() - t0) / 1e9;
    Histogram all = new Histogram(60_000_000_000L, 3);
    hs.forEach(all::add);
    return new Result(n / secs, (double) n * tasksPerRequest / secs, all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6,
        errors.get());
  }

  /** The resident set of a process in bytes, from /proc; 0 where there is none. */
  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }

  /** Samples a process's RSS every 50 ms until stopped; keeps the largest. */
  static final class RssPeak {
    private final AtomicLong peak = new AtomicLong();
    private final Thread t;

    RssPeak(long pid) {
      t = Thread.ofPlatform().daemon().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          peak.accumulateAndGet(rss(pid), Math::max);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() throws InterruptedException {
      t.interrupt();
      t.join();
    }

    long peak() {
      return peak.get();
    }
  }
}
