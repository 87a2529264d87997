package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a server's event stream for one run, one task, or everything: a progress bar on a
 * terminal (event lines for failures above it), one line per event elsewhere, one JSON object per
 * event with {@code --json}. Reconnects with {@code Last-Event-ID} when the connection drops.
 */
final class Watcher {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "UPSTREAM_FAILED", "DEADLINE_MISSED", "SKIPPED");
  private final Remote remote;
  private final Io io;
  private final boolean json;
  private final Map<String, String> states = new LinkedHashMap<>();
  private boolean barShown;

  Watcher(Remote remote, Io io, boolean json) {
    this.remote = remote;
    this.io = io;
    this.json = json;
  }

  /**
   * Follows {@code id} (a run, else a task; null for everything) until it has ended.
   *
   * @return 0 when every task succeeded, 1 when one did not
   */
  int follow(String id, boolean isRun) throws IOException {
    String filter = "";
    if (id != null) {
      String enc = URLEncoder.encode(id, StandardCharsets.UTF_8);
      filter = (isRun ? "?run=" : "?task=") + enc;
    }
    String last = null;
    InputStream in = remote.stream("/api/v1/events" + filter, null);
    // what has happened already; the stream, opened first, carries what happens from now on
    if (id != null) {
      if (isRun) remote.get("/api/v1/runs/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).path("tasks")
          .forEach(t -> states.put(t.path("id").asText(), t.path("state").asText()));
      else {
        JsonNode t = remote.get("/api/v1/tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        states.put(t.path("id").asText(), t.path("state").asText());
      }
      draw();
      if (done()) return finish();
    }
    while (true) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("id: ")) last = line.substring(4);
          if (!line.startsWith("data: ")) continue;
          JsonNode e = Remote.JSON.readTree(line.substring(6));
          event(e);
          if (id != null && done()) return finish();
        }
      } catch (IOException dropped) {
        // reconnect below
      }
      in = remote.stream("/api/v1/events" + filter, last);
    }
  }

  private void event(JsonNode e) {
    String task = e.path("task_id").asText();
    String type = e.path("type").asText();
    String state = e.path("state").asText();
    if (!type.equals("PROGRESS")) states.put(task, state);
    if (json) {
      io.out().println(e.toString());
      io.out().flush();
      return;
    }
    boolean notable = !io.terminal() || ENDED.contains(type) && !type.equals("SUCCEEDED") || type.equals("RETRYING");
    if (notable && !type.equals("PROGRESS")) {
      clearBar();
      String msg = e.hasNonNull("message") ? "  " + e.get("message").asText() : "";
      io.out().println(e.path("at").asText().replace('T', ' ').replace("Z", "") + "  " + pad(type, 10) + " " + task
          + (e.path("attempt").asInt() > 1 ? " (attempt " + e.path("attempt").asInt() + ")" : "") + msg);
    }
    draw();
  }

  private boolean done() {
    return !states.isEmpty() && states.values().stream().allMatch(ENDED::contains);
  }

  private int finish() {
    clearBar();
    long ok = states.values().stream().filter("SUCCEEDED"::equals).count();
    List<String> not = new ArrayList<>();
    states.forEach((task, state) -> {
      if (!state.equals("SUCCEEDED") && not.size() < 10) not.add(task + " " + state);
    });
    if (!json) io.out().println(states.size() + (states.size() == 1 ? " task" : " tasks") + " ended: " + ok + " succeeded"
        + (ok < states.size() ? ", " + (states.size() - ok) + " did not (" + String.join(", ", not) + (states.size() - ok > not.size() ? ", ..." : "") + ")" : ""));
    io.out().flush();
    return ok == states.size() ? ExitCodes.OK : ExitCodes.TASK_FAILED;
  }

  /** {@code [#########-----------]  9/20 ended · 3 running · 1 failed} on one terminal line. */
  private void draw() {
    if (json || !io.terminal() || states.isEmpty()) return;
    long ended = states.values().stream().filter(ENDED::contains).count();
    long running = states.values().stream().filter("RUNNING"::equals).count();
    long failed = states.values().stream().filter(s -> ENDED.contains(s) && !s.equals("SUCCEEDED")).count();
    int width = 30;
    int filled = (int) (width * ended / states.size());
    String bar = "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + ended + "/" + states.size() + " ended · "
        + running + " running" + (failed > 0 ? " · " + failed + " not succeeded" : "");
    io.out().print("\r" + bar + "\u001b[K");
    io.out().flush();
    barShown = true;
  }

  private void clearBar() {
    if (barShown) io.out().print("\r\u001b[K");
    barShown = false;
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }
}
