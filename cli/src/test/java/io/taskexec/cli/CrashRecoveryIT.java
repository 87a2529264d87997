package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 5: {@code kill -9} the engine at random moments of a 10,000-task run, at least
 * {@value #MIN_KILLS} times, restart it each time, and prove that every task reaches a terminal
 * state, none is lost, no task that had durably SUCCEEDED ran again, and the store passes its own
 * consistency check.
 *
 * <p>The run is a layered DAG of {@value #LAYERS} layers of {@value #WIDTH} tasks. In each layer,
 * {@value #SHELLS_PER_LAYER} are {@code shell} tasks that append {@code "<task-id> <attempt>"} to a
 * markers file and sleep a little, holding one of {@value #SLOTS} units of a named resource (so
 * the run lasts about as long on any machine); the rest are {@code noop}. Every task of a layer
 * depends on one shell task and one other task of the layer before, so the noops finish over the
 * whole run, not all at the start. Events are written behind every {@value #SYNC_INTERVAL}.
 *
 * <p>Each kill comes a random time (seeded: {@code -Dcrash.seed=N} replays a sequence) after the
 * process started, or after it printed its first line (the engine is running); the wait is
 * {@code Process.waitFor(random, ms)}, which returns early if the process ends. The longest wait
 * shrinks with the work left, so that the run does not finish before the kills are done. Right after
 * each kill (the process is dead, its store is still) the store's SUCCEEDED tasks, their attempt and
 * start counts, and the markers are recorded; after the last run, none of them may have grown.
 */
class CrashRecoveryIT {
  static final int LAYERS = 25;
  static final int WIDTH = 400;
  static final int TASKS = LAYERS * WIDTH;
  static final int SHELLS_PER_LAYER = 20;
  static final int SHELLS = LAYERS * SHELLS_PER_LAYER;
  static final int SLOTS = 5;
  static final String SHELL_SLEEP = "0.2";
  static final String SYNC_INTERVAL = "250ms";
  static final int MIN_KILLS = 20;
  /** An upper bound of shell tasks finished per second (SLOTS / sleep): sizes the longest wait. */
  static final double MAX_SHELLS_PER_SECOND = SLOTS / Double.parseDouble(SHELL_SLEEP);
  static final long SEED = Long.getLong("crash.seed", 0x7A5C_E8EC_2025L);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final Random random = new Random(SEED);

  /** A task as it was the first time a snapshot after a kill found it SUCCEEDED in the store. */
  record Baseline(int kill, int attempt, long starts, int markers) {}

  /** What the store and the markers file held right after one kill. */
  record Snapshot(Map<String, TaskStatus> statuses, Map<String, Long> starts, Map<String, Integer> markers) {
    long succeeded() {
      return statuses.values().stream().filter(s -> s.state() == TaskState.SUCCEEDED).count();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void kill_9_at_random_moments_of_a_10000_task_run_loses_nothing_and_never_reruns_a_succeeded_task() throws Exception {
    Path markers = tmp.resolve("markers");
    Path file = writeTaskFile(tmp.resolve("crash.json"), markers);
    Path data = tmp.resolve("data");
    Path db = data.resolve("state/crash.json").resolve(SqliteStateStore.FILE_NAME);
    long t0 = System.nanoTime();
    System.out.printf("crash test: seed %d, %d tasks (%d shell), %d layers%n", SEED, TASKS, SHELLS, LAYERS);

    Map<String, Baseline> baselines = new LinkedHashMap<>();
    List<String> violations = new ArrayList<>();
    int kills = 0, resumed = 0, startupKills = 0;
    List<ProcessHandle> orphans = new ArrayList<>();
    String finalOut = null;
    long remainingShells = SHELLS;
    for (int start = 1; finalOut == null; start++) {
      Path out = tmp.resolve("run-" + start + ".out");
      Path err = tmp.resolve("run-" + start + ".err");
      Process p = start(out, err, "run", file.toString(), "--data-dir", data.toString(), "--no-progress");
      try {
        if (kills >= MIN_KILLS) {
          // enough kills: this run may end by itself
          assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("the last run ended within 4 minutes").isTrue();
        } else {
          // A quarter of the kills come at a moment measured from the start of the process (JVM start,
          // parsing, opening the store, recovery, or running); the rest a moment after its first line.
          // Either way, no more than `longest` after the first line: at the most shells per second,
          // the kills still to come then cannot let the work left finish before them.
          boolean fromStart = random.nextInt(4) == 0;
          int left = MIN_KILLS - kills;
          double share = 1000.0 * remainingShells / left / MAX_SHELLS_PER_SECOND;
          long longest = (long) Math.min(3000, Math.max(150, left > 3 ? 1.5 * share : share));
          long sinceStart = random.nextLong(4000), sinceFirstLine = random.nextLong(longest);
          long startedAt = System.nanoTime();
          long firstLineAt = awaitFirstLine(p, err, fromStart ? startedAt + sinceStart * 1_000_000 : Long.MAX_VALUE);
          long target = firstLineAt < 0 ? startedAt + sinceStart * 1_000_000
              : fromStart ? Math.min(startedAt + sinceStart * 1_000_000, firstLineAt + sinceFirstLine * 1_000_000)
              : firstLineAt + sinceFirstLine * 1_000_000;
          boolean ended = !p.isAlive() || p.waitFor(Math.max(0, target - System.nanoTime()), TimeUnit.NANOSECONDS);
          String when = (System.nanoTime() - startedAt) / 1_000_000 + " ms after start, "
              + (firstLineAt < 0 ? "before its first line" : (System.nanoTime() - firstLineAt) / 1_000_000 + " ms after its first line");
          if (!ended) {
            p.descendants().forEach(orphans::add); // its shell tasks, which outlive it
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, as kill -9
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
            if (firstLineAt < 0) startupKills++;
            if (Files.readString(err).contains("resuming the interrupted run")) resumed++;
            Snapshot s = snapshot(db, markers);
            if (s != null) {
              record(kills, s, baselines, violations);
              remainingShells = s.statuses().entrySet().stream()
                  .filter(e -> e.getKey().startsWith("s") && e.getValue().state() != TaskState.SUCCEEDED).count();
              System.out.printf("kill %2d %s: %5d tasks stored, %5d SUCCEEDED, %3d markers%n", kills, when,
                  s.statuses().size(), s.succeeded(),
                  s.markers().values().stream().mapToInt(i -> i).sum());
              if (s.statuses().size() == TASKS && s.statuses().values().stream().allMatch(x -> x.state().isTerminal())) {
                // killed after the run had durably ended: a new `run` would start afresh, by design
                assertThat(kills).as("the run ended durably after only " + kills + " kills").isGreaterThanOrEqualTo(MIN_KILLS);
                break;
              }
            } else {
              System.out.printf("kill %2d %s: no store yet%n", kills, when);
            }
            continue;
          }
        }
        String stdout = Files.readString(out), stderr = Files.readString(err);
        assertThat(p.exitValue()).as("run %d exited by itself after %d kills\n%s\n%s", start, kills, stdout, tail(stderr)).isZero();
        assertThat(kills).as("the run finished after only %d kills: make it longer", kills).isGreaterThanOrEqualTo(MIN_KILLS);
        if (stderr.contains("resuming the interrupted run")) resumed++;
        finalOut = stdout;
      } finally {
        if (p.isAlive()) p.destroyForcibly();
      }
    }
    long runSeconds = (System.nanoTime() - t0) / 1_000_000_000;

    // ---- the proof ---------------------------------------------------------------------------
    // (finalOut is null only when a kill came after the run had durably ended; it is not started again)
    if (finalOut != null) assertThat(finalOut).contains(TASKS + " tasks: " + TASKS + " succeeded");
    Map<String, Integer> finalMarkers = markers(markers);
    int rerunAfterLoss, requeued, lostAttempts;
    try (SqliteStateStore store = new SqliteStateStore(db, Duration.ZERO)) {
      assertThat(store.check()).as("the store's own consistency check").isEmpty();
      List<StoredTask> tasks = store.tasks();
      assertThat(tasks).as("every task is stored").hasSize(TASKS);
      assertThat(tasks.stream().map(t -> t.task().id()).toList()).doesNotHaveDuplicates().containsAll(ids());
      Map<String, TaskStatus> statuses = new HashMap<>();
      for (TaskStatus s : store.statuses()) statuses.put(s.taskId(), s);
      assertThat(statuses.values()).as("every task ended, and succeeded").allSatisfy(s -> assertThat(s.state()).isEqualTo(TaskState.SUCCEEDED));
      Map<String, List<TaskEvent>> byTask = new HashMap<>();
      for (TaskEvent e : store.events()) byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
      requeued = 0;
      lostAttempts = 0;
      rerunAfterLoss = 0;
      for (String id : ids()) {
        List<TaskEvent> events = byTask.getOrDefault(id, List.of());
        long terminal = events.stream().filter(e -> e.state().isTerminal() && e.type().name().equals(e.state().name())).count();
        if (terminal != 1) violations.add(id + " has " + terminal + " terminal events");
        long r = events.stream().filter(e -> e.type() == EventType.REQUEUED).count();
        requeued += (int) r;
        List<AttemptRow> attempts = AttemptRow.fromEvents(events);
        long lost = attempts.stream().filter(a -> a.outcome() != TaskState.SUCCEEDED).count();
        if (attempts.stream().filter(a -> a.outcome() != TaskState.SUCCEEDED).anyMatch(a -> a.failure() != FailureKind.LOST_WORKER))
          violations.add(id + " has an attempt that did not succeed and was not lost with its engine: " + attempts);
        lostAttempts += (int) lost;
        if (attempts.size() > 1) rerunAfterLoss++;
      }
      for (Map.Entry<String, Baseline> e : baselines.entrySet()) {
        String id = e.getKey();
        Baseline b = e.getValue();
        TaskStatus s = statuses.get(id);
        long starts = byTask.getOrDefault(id, List.of()).stream().filter(x -> x.type() == EventType.STARTED).count();
        int m = finalMarkers.getOrDefault(id, 0);
        if (s.attempt() != b.attempt()) violations.add(id + " SUCCEEDED (attempt " + b.attempt() + ") by kill " + b.kill() + " but ended with attempt " + s.attempt());
        if (starts != b.starts()) violations.add(id + " SUCCEEDED by kill " + b.kill() + " with " + b.starts() + " starts; now " + starts);
        if (m != b.markers()) violations.add(id + " SUCCEEDED by kill " + b.kill() + " with " + b.markers() + " markers; now " + m);
      }
    }
    for (String id : ids()) {
      if (id.startsWith("s") && finalMarkers.getOrDefault(id, 0) < 1) violations.add(id + " never ran (no marker)");
    }
    int shellsTwice = (int) finalMarkers.values().stream().filter(n -> n > 1).count();
    int extraMarkers = finalMarkers.values().stream().mapToInt(n -> n - 1).sum();

    // taskexec status reads the same store, as a process, without changing it
    Path sOut = tmp.resolve("status.out"), sErr = tmp.resolve("status.err");
    Process status = start(sOut, sErr, "status", file.toString(), "--data-dir", data.toString(), "--json");
    assertThat(status.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(status.exitValue()).as(Files.readString(sErr)).isZero();
    JsonNode st = JSON.readTree(sOut.toFile());
    assertThat(st.get("total").asInt()).isEqualTo(TASKS);
    assertThat(st.get("finished").asBoolean()).isTrue();
    assertThat(st.get("counts").get("SUCCEEDED").asInt()).isEqualTo(TASKS);

    System.out.printf("crash test: %d kills (%d before the first line), %d restarts resumed the interrupted run, then a run exited 0;"
        + " %d tasks SUCCEEDED durably by some kill and were checked; %d tasks ran more than one attempt (%d REQUEUED"
        + " events, %d attempts did not succeed); %d shell tasks left more than one marker (%d extra);"
        + " %d violations; %d s in all%n", kills, startupKills, resumed, baselines.size(), rerunAfterLoss, requeued,
        lostAttempts, shellsTwice, extraMarkers, violations.size(), runSeconds);
    long orphansAlive = orphans.stream().filter(ProcessHandle::isAlive).count();
    orphans.forEach(ProcessHandle::destroyForcibly); // a handle kills only the process it was (pid and start time)
    System.out.printf("crash test: the last run: %s; %d processes of killed runs, %d still alive at the end%n",
        finalOut == null ? "none (the run had ended when it was killed)"
            : finalOut.lines().filter(l -> l.startsWith(TASKS + " tasks:")).findFirst().orElse("?"), orphans.size(), orphansAlive);
    assertThat(violations).as("tasks that durably SUCCEEDED and ran again, or were lost").isEmpty();
    assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
    assertThat(resumed).as("restarts that said they resume the interrupted run").isPositive();
    assertThat(baselines).as("tasks seen SUCCEEDED right after some kill").isNotEmpty();
  }

  /** Adds the tasks SUCCEEDED for the first time to the baselines; checks those already there. */
  private static void record(int kill, Snapshot s, Map<String, Baseline> baselines, List<String> violations) {
    for (TaskStatus st : s.statuses().values()) {
      Baseline b = baselines.get(st.taskId());
      if (b != null) {
        if (st.state() != TaskState.SUCCEEDED)
          violations.add(st.taskId() + " SUCCEEDED by kill " + b.kill() + " but is " + st.state() + " after kill " + kill);
        int m = s.markers().getOrDefault(st.taskId(), 0);
        if (m != b.markers())
          violations.add(st.taskId() + " SUCCEEDED by kill " + b.kill() + " with " + b.markers() + " markers; " + m + " after kill " + kill);
        continue;
      }
      if (st.state() == TaskState.SUCCEEDED) {
        baselines.put(st.taskId(), new Baseline(kill, st.attempt(), s.starts().getOrDefault(st.taskId(), 0L),
            s.markers().getOrDefault(st.taskId(), 0)));
      }
    }
    for (String id : baselines.keySet()) {
      if (!s.statuses().containsKey(id)) violations.add(id + " SUCCEEDED by kill " + baselines.get(id).kill() + " but is not stored after kill " + kill);
    }
  }

  /** The store and the markers right after a kill; null when the killed run had not made its store yet. */
  private static Snapshot snapshot(Path db, Path markers) throws IOException {
    if (!Files.exists(db)) return null; // opening would create it: the next run would see an empty store
    try (SqliteStateStore store = new SqliteStateStore(db, Duration.ZERO)) {
      Map<String, TaskStatus> statuses = new HashMap<>();
      for (TaskStatus s : store.statuses()) statuses.put(s.taskId(), s);
      Map<String, Long> starts = new HashMap<>();
      for (TaskEvent e : store.events()) if (e.type() == EventType.STARTED) starts.merge(e.taskId(), 1L, Long::sum);
      return new Snapshot(statuses, starts, markers(markers));
    }
  }

  private static Map<String, Integer> markers(Path markers) throws IOException {
    Map<String, Integer> m = new HashMap<>();
    if (!Files.exists(markers)) return m;
    for (String line : Files.readAllLines(markers)) {
      if (line.isBlank()) continue;
      m.merge(line.substring(0, line.indexOf(' ')), 1, Integer::sum);
    }
    return m;
  }

  /**
   * Waits until the process printed its first line on stderr (its engine runs), ended, or
   * {@code deadline} (System.nanoTime) passed, polling with {@code Process.waitFor}; returns when the
   * line was seen (System.nanoTime), or -1.
   */
  private static long awaitFirstLine(Process p, Path err, long deadline) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      if (Files.size(err) > 0) return System.nanoTime();
      long now = System.nanoTime();
      if (now - Math.min(deadline, giveUp) >= 0) return -1;
      if (p.waitFor(Math.min(20_000_000, Math.min(deadline, giveUp) - now), TimeUnit.NANOSECONDS)) return -1;
    }
  }

  /**
   * {@code java -jar cli/target/taskexec.jar args...}, with the JVM running these tests; C1 only,
   * which starts a short-lived JVM faster on a small machine (the start-up is paid at every restart).
   */
  private static Process start(Path out, Path err, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:TieredStopAtLevel=1", "-jar", Repo.root().resolve("cli/target/taskexec.jar").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Repo.root().toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("TASKEXEC_JAVA_OPTS");
    return pb.start();
  }

  private static List<String> ids() {
    List<String> ids = new ArrayList<>(TASKS);
    for (int l = 0; l < LAYERS; l++) for (int i = 0; i < WIDTH; i++) ids.add(id(l, i));
    return ids;
  }

  /** Shell tasks are {@code s<layer>-<n>}, noops {@code n<layer>-<n>}. */
  private static String id(int layer, int i) {
    return String.format("%s%02d-%03d", i < SHELLS_PER_LAYER ? "s" : "n", layer, i);
  }

  /** The layered DAG, as JSON; the same file for every run (a changed file would be a conflict). */
  private Path writeTaskFile(Path file, Path markers) throws IOException {
    Random shape = new Random(SEED);
    ObjectNode root = JSON.createObjectNode();
    ObjectNode engine = root.putObject("config").putObject("engine");
    engine.putObject("state_manager").put("sync_interval", SYNC_INTERVAL);
    engine.putObject("worker_pool").put("max_workers", 32);
    root.putObject("resources").put("shell-slots", SLOTS);
    ArrayNode tasks = root.putArray("tasks");
    String command = "echo \"$TASKEXEC_TASK_ID $TASKEXEC_ATTEMPT\" >> '" + markers + "'; sleep " + SHELL_SLEEP;
    for (int l = 0; l < LAYERS; l++) {
      for (int i = 0; i < WIDTH; i++) {
        ObjectNode t = tasks.addObject();
        t.put("id", id(l, i));
        boolean shell = i < SHELLS_PER_LAYER;
        t.put("type", shell ? "shell" : "noop");
        t.putObject("requirements").put("cpu_cores", 0.01).put("memory_gb", 0.01).put("storage_gb", 0.01);
        if (shell) t.put("command", command);
        ArrayNode deps = JSON.createArrayNode();
        if (l > 0) {
          String gate = id(l - 1, shape.nextInt(SHELLS_PER_LAYER));
          String other = id(l - 1, shape.nextInt(WIDTH));
          deps.add(gate);
          if (!other.equals(gate)) deps.add(other);
        }
        if (shell) deps.addObject().put("task_id", "shell-slots").put("dependency_type", "resource");
        if (!deps.isEmpty()) t.set("dependencies", deps);
      }
    }
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
  }
}
