package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code taskexec status --server URL [ID]}: the server's counts by state and its latest tasks, or
 * one task with its attempts, as tables (or the API's JSON with {@code --json}).
 */
final class RemoteStatus {
  static final int ROWS = 30;

  private RemoteStatus() {}

  static int print(Remote remote, String id, boolean json, PrintStream out) {
    if (id != null) {
      JsonNode t = remote.get("/api/v1/tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
      if (json) out.println(t.toPrettyString());
      else task(t, out);
      out.flush();
      return ExitCodes.OK;
    }
    JsonNode counts = remote.get("/api/v1/counts");
    JsonNode page = remote.get("/api/v1/tasks?limit=1000");
    if (json) {
      out.println(Remote.JSON.createObjectNode().put("server", remote.base()).<com.fasterxml.jackson.databind.node.ObjectNode>set("counts", counts.path("counts"))
          .put("total", counts.path("total").asLong()).set("tasks", page.path("items")).toPrettyString());
      out.flush();
      return ExitCodes.OK;
    }
    out.println("server " + remote.base());
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    List<JsonNode> shown = items.subList(Math.max(0, items.size() - ROWS), items.size());
    if (!shown.isEmpty()) {
      Table table = new Table("TASK", "STATE", "TYPE", "RUN", "AGENT", "ATTEMPT", "SUBMITTED", "REASON");
      for (JsonNode t : shown) {
        table.row(t.path("id").asText(), t.path("state").asText(), t.path("type").asText(), text(t, "run"), text(t, "agent"),
            Integer.toString(t.path("attempt").asInt()), time(t.path("submitted_at").asText(null)),
            t.path("state").asText().equals("SUCCEEDED") ? "" : text(t, "message").equals("-") ? text(t, "waiting_for") : text(t, "message"));
      }
      out.println();
      table.print(out);
      if (items.size() > shown.size()) out.println("(the latest " + shown.size() + " of " + page.path("total").asInt() + "; --json gives them all)");
    }
    out.println();
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.path("counts").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().asLong() > 0) parts.add(e.getValue().asLong() + " " + e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    long total = counts.path("total").asLong();
    out.println(total + (total == 1 ? " task" : " tasks") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
    out.flush();
    return ExitCodes.OK;
  }

  private static void task(JsonNode t, PrintStream out) {
    out.println(t.path("id").asText() + "  " + t.path("state").asText() + "  (" + t.path("type").asText() + ", run " + text(t, "run")
        + ", submitted " + time(t.path("submitted_at").asText(null)) + ")");
    if (t.hasNonNull("waiting_for")) out.println("waiting for: " + t.path("waiting_for").asText());
    if (t.path("attempts").isEmpty()) {
      out.println("no attempt yet");
      return;
    }
    Table table = new Table("ATTEMPT", "AGENT", "STARTED", "ENDED", "OUTCOME", "EXIT", "MESSAGE");
    for (JsonNode a : t.path("attempts")) {
      table.row(a.path("attempt").asText(), text(a, "agent"), time(a.path("started_at").asText(null)), time(a.path("ended_at").asText(null)),
          text(a, "outcome"), text(a, "exit_code"), text(a, "message"));
    }
    out.println();
    table.print(out);
  }

  private static String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : "-";
  }

  private static String time(String iso) {
    return iso == null ? "-" : StatusCommand.time(Instant.parse(iso), ZoneId.systemDefault());
  }
}
