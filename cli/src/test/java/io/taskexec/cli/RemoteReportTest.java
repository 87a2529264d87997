package io.taskexec.cli;

import static io.taskexec.cli.ClientCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.server.TaskexecServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskexec report ... --server URL} against a real server on loopback: the server makes the
 * report through its report routes and the command downloads it, with the token from the flag, the
 * environment or the client file.
 */
class RemoteReportTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  TaskexecServer server;
  String url;

  @BeforeEach
  void start() throws Exception {
    server = LocalServer.start(dir, "submitter", "shell");
    url = "http://127.0.0.1:" + server.port();
    Path f = dir.resolve("etl.yaml");
    Files.writeString(f, """
        tasks:
          - {id: extract, type: shell, command: "echo rows=42", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: load, type: noop, dependencies: [extract], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        """);
    Cli submit = run(Map.of(), "submit", f.toString(), "--server", url, "--token", "ops-token", "--watch");
    assertThat(submit.exitCode()).as(submit.toString()).isZero();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void the_server_makes_each_kind_of_report_and_the_command_downloads_it() throws Exception {
    Path runHtml = dir.resolve("out/run.html");
    Cli made = run(Map.of(), "report", "run", "--server", url, "--token", "ops-token", "--format", "html", "--out", runHtml.toString());
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(made.out()).startsWith("run report: " + runHtml).contains("bytes; on the server run-");
    String report = Files.readString(runHtml);
    // both tasks succeeded; "load" itself is named only when the critical path runs through it, and a
    // no-op that ends in the same millisecond as its upstream may not lengthen the path
    assertThat(report).startsWith("<!DOCTYPE html>").contains("extract").contains("<div class=\"v\">2</div><div class=\"k\">succeeded</div>");

    // the token from the environment; the report to stdout
    Cli task = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "report", "task", "extract", "--server", url, "--format", "json", "--out", "-");
    assertThat(task.exitCode()).as(task.err()).isZero();
    JsonNode taskReport = JSON.readTree(task.out());
    assertThat(taskReport.toString()).contains("\"extract\"");
    assertThat(taskReport.at("/logs/0/lines").toString()).as(taskReport.at("/logs").toString()).isEqualTo("[\"rows=42\"]");

    // the token from the client file; accounting over a period; --json says where it went
    Path client = dir.resolve("client.yaml");
    Files.writeString(client, "server: http://127.0.0.1:1\ntoken: ops-token\n");
    Path pdf = dir.resolve("acct.pdf");
    Cli acct = run(Map.of(), "report", "accounting", "--server", url, "--client-config", client.toString(), "--from", "2020-01-01",
        "--format", "pdf", "--out", pdf.toString(), "--json");
    assertThat(acct.exitCode()).as(acct.toString()).isZero();
    JsonNode said = JSON.readTree(acct.out());
    assertThat(said.path("kind").asText()).isEqualTo("accounting");
    assertThat(said.path("file").asText()).isEqualTo(pdf.toString());
    assertThat(said.path("bytes").asLong()).isEqualTo(Files.size(pdf));
    assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

    // the server keeps them: list, then download one again by its id
    Cli list = run(Map.of("TASKEXEC_TOKEN", "view-token"), "report", "list", "--server", url);
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).startsWith("ID").contains("KIND").contains("accounting").contains("task").contains("run");
    JsonNode items = JSON.readTree(run(Map.of("TASKEXEC_TOKEN", "view-token"), "report", "list", "--server", url, "--json").out()).path("items");
    assertThat(items).hasSize(3);
    String runId = items.findValuesAsText("id").stream().filter(id -> id.startsWith("run-")).findFirst().orElseThrow();
    Path again = dir.resolve("again.html");
    Cli download = run(Map.of("TASKEXEC_TOKEN", "view-token"), "report", "download", runId, "--server", url, "--out", again.toString());
    assertThat(download.exitCode()).as(download.toString()).isZero();
    assertThat(Files.readString(again)).isEqualTo(report);
  }

  @Test
  void mistakes_get_a_clear_message_and_a_nonzero_exit() {
    Cli viewer = run(Map.of(), "report", "run", "--server", url, "--token", "view-token");
    assertThat(viewer.exitCode()).isNotZero();
    assertThat(viewer.err()).contains("not allowed");
    Cli noToken = run(Map.of(), "report", "run", "--server", url);
    assertThat(noToken.exitCode()).isNotZero();
    assertThat(noToken.err()).contains("refused the token").contains("TASKEXEC_TOKEN");
    Cli unknown = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "report", "task", "nope", "--server", url, "--out", "-");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("nope");
    Cli file = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "report", "run", "etl.yaml", "--server", url);
    assertThat(file.exitCode()).isNotZero();
    assertThat(file.err()).contains("with --server the report is of the server's tasks: leave out etl.yaml");
    Cli deliver = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "report", "run", "--server", url, "--deliver");
    assertThat(deliver.exitCode()).isNotZero();
    assertThat(deliver.err()).contains("--deliver is for the report of a stored run");
    Cli format = run(Map.of("TASKEXEC_TOKEN", "ops-token"), "report", "run", "--server", url, "--format", "docx");
    assertThat(format.exitCode()).isNotZero();
    assertThat(format.err()).contains("--format");
    Cli missing = run(Map.of("TASKEXEC_TOKEN", "view-token"), "report", "download", "nope.html", "--server", url, "--out", "-");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("no report has the id nope.html");
    Cli neither = run(Map.of(), "report", "run");
    assertThat(neither.exitCode()).isNotZero();
    assertThat(neither.err()).contains("give FILE").contains("--server URL");
    assertThat(server.engine().tasks()).hasSize(2);
  }
}
