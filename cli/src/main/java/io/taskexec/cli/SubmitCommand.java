package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec submit FILE|-}: sends a task file (YAML or JSON; {@code -} reads standard input)
 * to a server as one run. Every problem of the file is printed with its line and field, as
 * {@code validate} does, and nothing is submitted. {@code --watch} follows the run until it ends.
 */
@Command(name = "submit", description = "Submit a task file to a taskexec server as one run.")
final class SubmitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Task file (YAML or JSON), or - for standard input.")
  String file;

  @Option(names = "--run", paramLabel = "ID", description = "The run's id (default: derived from the file's content, so that submitting it again is idempotent).")
  String run;

  @Option(names = "--watch", description = "Follow the run until it ends; the exit code says whether every task succeeded.")
  boolean watch;

  @Mixin ClientOptions client;

  private final Io io;

  SubmitCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    String content;
    String name;
    if (file.equals("-")) {
      content = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      name = "<stdin>";
    } else {
      try {
        content = Files.readString(Path.of(file));
      } catch (NoSuchFileException e) {
        throw new UserError("no such file: " + file);
      } catch (IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage());
      }
      name = Path.of(file).getFileName().toString();
    }
    String type = name.endsWith(".json") || (name.equals("<stdin>") && content.stripLeading().startsWith("{")) ? "application/json" : "application/yaml";
    Remote remote = client.connect(io);
    String q = "?name=" + URLEncoder.encode(file.equals("-") ? "<stdin>" : file, StandardCharsets.UTF_8)
        + (run == null ? "" : "&run=" + URLEncoder.encode(run, StandardCharsets.UTF_8));
    JsonNode res = remote.post("/api/v1/runs" + q, type, content);
    if (client.json) StatusCommand.write((com.fasterxml.jackson.databind.node.ObjectNode) res, io.out());
    else {
      io.out().println("submitted run " + res.path("run").asText() + ": " + res.path("count").asInt() + " tasks to " + remote.base());
      io.out().println("follow it: taskexec watch " + res.path("run").asText() + "   dashboard: " + remote.base() + "/ui/#/runs/" + res.path("run").asText());
    }
    io.out().flush();
    if (!watch) return ExitCodes.OK;
    return new Watcher(remote, io, client.json).follow(res.path("run").asText(), true);
  }
}
