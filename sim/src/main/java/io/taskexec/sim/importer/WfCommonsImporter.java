package io.taskexec.sim.importer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.sim.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WfCommons workflow instances (<a href="https://wfcommons.org">wfcommons.org</a>), in the three
 * schema generations found in the wild:
 *
 * <ul>
 *   <li>1.5: {@code workflow.specification.tasks[]} (graph, keyed by {@code id}) and {@code
 *       workflow.execution.tasks[]} ({@code runtimeInSeconds}, {@code coreCount}, {@code
 *       memoryInBytes}); makespan {@code workflow.execution.makespanInSeconds}.
 *   <li>1.4: {@code workflow.tasks[]} keyed by {@code name}, {@code runtimeInSeconds}, {@code
 *       cores}, {@code memoryInBytes}; makespan {@code workflow.makespanInSeconds}.
 *   <li>1.2 / 1.3: {@code workflow.jobs[]} keyed by {@code name}, {@code runtime}, {@code cores},
 *       {@code memory} in KB; makespan {@code workflow.makespan}.
 * </ul>
 *
 * <p>The graph is the union of the {@code parents} and {@code children} lists. A task without a
 * core count asks for 1 core; without memory, for none. The type of a task (the key of duration
 * history) is its name without the {@code _ID0000001} suffix, cut at the first underscore
 * ({@code mProject_ID0000001} is an {@code mProject}); a name without such a suffix is its own type.
 */
public final class WfCommonsImporter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID_SUFFIX = Pattern.compile("^(.*?)_ID\\d+$");

  private WfCommonsImporter() {}

  public static Workload read(Path file) throws ImportException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new ImportException(file, l == null ? "" : l.getLineNr() + ":" + l.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ImportException(file, "", "cannot read: " + e.getMessage(), e);
    }
    JsonNode wf = root.path("workflow");
    String name = root.path("name").asText(file.getFileName().toString());
    if (wf.path("specification").path("tasks").isArray()) return v15(file, name, wf);
    if (wf.path("tasks").isArray()) return legacy(file, name, wf, "tasks", "1.4");
    if (wf.path("jobs").isArray()) return legacy(file, name, wf, "jobs", "1.2");
    throw new ImportException(file, "workflow", "no workflow.specification.tasks (schema 1.5),"
        + " workflow.tasks (1.4) or workflow.jobs (1.2/1.3): not a WfCommons instance");
  }

  private static Workload v15(Path file, String name, JsonNode wf) throws ImportException {
    Map<String, JsonNode> exec = new HashMap<>();
    JsonNode et = wf.path("execution").path("tasks");
    for (int i = 0; i < et.size(); i++) exec.put(et.get(i).path("id").asText(), et.get(i));
    GraphBuilder g = new GraphBuilder(file);
    JsonNode st = wf.path("specification").path("tasks");
    for (int i = 0; i < st.size(); i++) {
      JsonNode t = st.get(i);
      String at = "workflow.specification.tasks[" + i + "]";
      String id = text(file, t, "id", at);
      JsonNode x = exec.get(id);
      if (x == null) {
        throw new ImportException(file, at, "task '" + id + "' has no entry in"
            + " workflow.execution.tasks, so its runtime is unknown");
      }
      String xat = "workflow.execution.tasks[id=" + id + "]";
      double runtime = number(file, x, "runtimeInSeconds", xat);
      double cores = x.path("coreCount").asDouble(1);
      double mem = x.path("memoryInBytes").asDouble(0) / 1e9;
      g.add(new GraphBuilder.Node(id, type(t.path("name").asText(id)), cores, mem, runtime), at);
      edges(g, t, id);
    }
    double makespan = wf.path("execution").path("makespanInSeconds").asDouble(Double.NaN);
    return new Workload(name, "wfcommons-1.5", g.build(false), makespan, 0);
  }

  private static Workload legacy(Path file, String name, JsonNode wf, String key, String schema)
      throws ImportException {
    boolean old = key.equals("jobs");
    GraphBuilder g = new GraphBuilder(file);
    JsonNode ts = wf.path(key);
    for (int i = 0; i < ts.size(); i++) {
      JsonNode t = ts.get(i);
      String at = "workflow." + key + "[" + i + "]";
      String id = text(file, t, "name", at);
      double runtime = number(file, t, old ? "runtime" : "runtimeInSeconds", at);
      double cores = t.path("cores").asDouble(1);
      double mem = old ? t.path("memory").asDouble(0) * 1024 / 1e9
          : t.path("memoryInBytes").asDouble(0) / 1e9;
      g.add(new GraphBuilder.Node(id, type(id), cores, mem, runtime), at);
      edges(g, t, id);
    }
    double makespan = wf.path(old ? "makespan" : "makespanInSeconds").asDouble(Double.NaN);
    return new Workload(name, "wfcommons-" + schema, g.build(false), makespan, 0);
  }

  private static void edges(GraphBuilder g, JsonNode t, String id) {
    for (JsonNode p : t.path("parents")) g.edge(p.asText(), id);
    for (JsonNode c : t.path("children")) g.edge(id, c.asText());
  }

  /** {@code mProject_ID0000001} is an {@code mProject}; a name without an id suffix is a type. */
  static String type(String name) {
    Matcher m = ID_SUFFIX.matcher(name);
    if (!m.matches()) return name;
    String stem = m.group(1);
    int cut = stem.indexOf('_');
    return cut > 0 ? stem.substring(0, cut) : stem;
  }

  private static String text(Path file, JsonNode t, String field, String at) throws ImportException {
    JsonNode v = t.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ImportException(file, at, "missing '" + field + "' (a non-empty string)");
    }
    return v.asText();
  }

  private static double number(Path file, JsonNode t, String field, String at) throws ImportException {
    JsonNode v = t.get(field);
    if (v == null || !v.isNumber() || v.asDouble() < 0) {
      throw new ImportException(file, at, "missing or invalid '" + field
          + "' (a non-negative number of seconds)");
    }
    return v.asDouble();
  }
}
