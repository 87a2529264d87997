package io.taskexec.server.http;

import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.ParsedTaskFile;
import io.taskexec.ingest.SourceFormat;
import io.taskexec.ingest.TaskFileReader;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import io.taskexec.validate.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Turns request bodies into tasks with the task file reader, so that every problem carries its
 * field path and its line and column in the body, and submits them. Each task of a run is tagged
 * with {@code metadata.run}.
 */
final class Submissions {
  /** The metadata key that groups the tasks of one submitted file or batch. */
  static final String RUN = "run";
  private static final String WRAP = "{\"tasks\":[";

  private final TaskExecutionEngine engine;
  private final ApiLimits limits;

  Submissions(TaskExecutionEngine engine, ApiLimits limits) {
    this.engine = engine;
    this.limits = limits;
  }

  /** What a submission accepted. */
  record Accepted(String run, List<Task> tasks) {}

  /** One task, the body a JSON object in the task file's format of one entry of {@code tasks:}. */
  Accepted one(String body, String contentType, String run, Caller caller) {
    if (!contentType.isEmpty() && !contentType.equals("application/json"))
      throw unsupported(contentType, "application/json");
    if (body.isBlank()) throw new ApiProblem(400, "Empty body", "send one task as a JSON object, e.g. "
        + "{\"id\": \"hello\", \"type\": \"noop\", \"requirements\": {\"cpu_cores\": 1, \"memory_gb\": 0.5, \"storage_gb\": 1}}");
    ParsedTaskFile parsed = TaskFileReader.parse(WRAP + body + "\n]}", "<api>", SourceFormat.JSON);
    try {
      return submit(parsed, run, caller);
    } catch (ApiProblem p) {
      throw new ApiProblem(p.status(), p.title(), p.detail(), unwrapped(p.problems()));
    } catch (ValidationException e) {
      throw invalid(unwrapped(e.problems()));
    }
  }

  /** A batch or a task file: JSON or YAML with a {@code tasks:} list. */
  Accepted file(String body, String contentType, String sourceName, String run, Caller caller) {
    SourceFormat format = switch (contentType) {
      case "application/json" -> SourceFormat.JSON;
      case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" -> SourceFormat.YAML;
      case "", "text/plain", "application/octet-stream" -> SourceFormat.of(sourceName, body);
      default -> throw unsupported(contentType, "application/json or application/yaml");
    };
    ParsedTaskFile parsed = TaskFileReader.parse(body, sourceName, format);
    try {
      return submit(parsed, run == null ? "run-" + shortHash(body) : run, caller);
    } catch (ValidationException e) {
      throw invalid(e.problems());
    }
  }

  private Accepted submit(ParsedTaskFile parsed, String run, Caller caller) {
    List<Problem> problems = new ArrayList<>(parsed.parseProblems());
    if (!problems.isEmpty()) throw invalid(parsed.problems(engine::validate));
    if (parsed.config().isPresent()) problems.add(new Problem(new SourceLocation(parsed.source(), 1, 1), "config",
        "a submission may not carry its own configuration: the server's applies", "remove config: (or task_execution:)"));
    if (!parsed.resources().isEmpty()) problems.add(new Problem(new SourceLocation(parsed.source(), 1, 1), "resources",
        "a submission may not declare resources: named resources are the server's (engine.resource_manager.resources)",
        "remove resources: and ask the operator to configure " + String.join(", ", parsed.resources().keySet())));
    if (!problems.isEmpty()) throw invalid(problems);
    List<Task> tasks = parsed.tasks();
    if (tasks.size() > limits.maxBatchTasks()) throw new ApiProblem(413, "Too many tasks", "the request has "
        + tasks.size() + " tasks; the most one request may submit is " + limits.maxBatchTasks()
        + " (server.max_batch_tasks): split them into several requests");
    List<Problem> forbidden = new ArrayList<>();
    if (!Access.mayRunShell(caller.roles())) {
      for (int i = 0; i < tasks.size(); i++) {
        if (tasks.get(i).type().equals("shell")) forbidden.add(new Problem(parsed.sourceMap().locate("tasks[" + i + "].type"),
            "tasks[" + i + "].type", "submitting shell tasks needs the shell permission", "ask for a token with the role shell or admin"));
      }
    }
    if (!forbidden.isEmpty()) throw new ApiProblem(403, "Forbidden", "token '" + caller.name()
        + "' may not submit shell tasks; nothing of the request was accepted", forbidden);
    List<Task> tagged = run == null ? tasks : tasks.stream().map(t -> tag(t, run)).toList();
    engine.submitAll(tagged, parsed.sourceMap());
    return new Accepted(run, tagged);
  }

  private static Task tag(Task t, String run) {
    if (t.metadata().containsKey(RUN)) return t;
    return t.toBuilder().metadata(RUN, run).build();
  }

  static ApiProblem invalid(List<Problem> problems) {
    return new ApiProblem(422, "Invalid tasks", problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + "; nothing of the request was accepted", problems);
  }

  private static ApiProblem unsupported(String contentType, String expected) {
    return new ApiProblem(415, "Unsupported media type", "Content-Type " + contentType + " is not accepted here; send " + expected);
  }

  /** Problems of a single-task body: paths and columns as the caller wrote them, not as wrapped. */
  private static List<Problem> unwrapped(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems.size());
    for (Problem p : problems) {
      String path = p.path().startsWith("tasks[0]") ? p.path().substring("tasks[0]".length()) : p.path();
      if (path.startsWith(".")) path = path.substring(1);
      SourceLocation l = p.location();
      SourceLocation at = l.line() == 1 && l.column() > WRAP.length() ? new SourceLocation(l.source(), 1, l.column() - WRAP.length()) : l;
      out.add(new Problem(at, path, p.message().replace("tasks[0].", ""), p.hint()));
    }
    return out;
  }

  static String shortHash(String body) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
