package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec run} writes its run report; {@code taskexec report} reads the stored run. */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQ = "requirements: {cpu_cores: 0.1, memory_gb: 0.1, storage_gb: 0.1}";

  @TempDir Path tmp;
  Path file;
  Path data;
  Cli run;

  @BeforeEach
  void runAFile() throws IOException {
    file = Files.writeString(tmp.resolve("pipeline.yaml"), """
        tasks:
          - {id: make, type: shell, command: "for i in 1 2 3; do echo step $i; done", %1$s}
          - {id: broken, type: shell, command: "echo disk full >&2; exit 3", %1$s}
          # the chain make -> after is the critical path: after works longer than broken can
          - {id: after, type: shell, command: "sleep 0.5", dependencies: [make], %1$s}
        config:
          task_execution:
            reporting:
              report_generation: {formats: [json, html]}
        """.formatted(REQ));
    data = tmp.resolve("data");
    run = Cli.run("run", file.toString(), "--data-dir", data.toString(), "--no-progress");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TASK_FAILED);
  }

  private List<Path> reports() throws IOException {
    try (Stream<Path> s = Files.list(data.resolve("reports"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void run_writes_its_run_report_in_the_configured_formats_and_says_where() throws IOException {
    List<Path> written = reports();
    assertThat(written).extracting(p -> p.getFileName().toString()).hasSize(2)
        .anyMatch(n -> n.matches("run-\\d{8}-\\d{6}\\.json")).anyMatch(n -> n.matches("run-\\d{8}-\\d{6}\\.html"));
    assertThat(run.out()).containsPattern("report:  .*run-\\d{8}-\\d{6}\\.json, .*run-\\d{8}-\\d{6}\\.html");
    JsonNode r = JSON.readTree(written.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow().toFile());
    assertThat(r.at("/summary/tasks").asInt()).isEqualTo(3);
    assertThat(r.at("/summary/succeeded").asInt()).isEqualTo(2);
    assertThat(r.at("/failures/listed/0/task").asText()).isEqualTo("broken");
    assertThat(r.at("/failures/listed/0/exit_code").asInt()).isEqualTo(3);
    assertThat(r.at("/critical_path/steps").findValuesAsText("task")).containsExactly("make", "after");
  }

  @Test
  void report_task_shows_the_end_of_its_logs() throws IOException {
    Cli cli = Cli.run("report", "task", file.toString(), "make", "--data-dir", data.toString(), "--format", "json", "--out", "-");
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    JsonNode r = JSON.readTree(cli.out());
    assertThat(r.at("/spec/id").asText()).isEqualTo("make");
    assertThat(r.at("/logs/0/lines").toString()).isEqualTo("[\"step 1\",\"step 2\",\"step 3\"]");
  }

  @Test
  void report_run_writes_pdf_to_the_file_asked_for() throws IOException {
    Path pdf = tmp.resolve("out/run.pdf");
    Cli cli = Cli.run("report", "run", file.toString(), "--data-dir", data.toString(), "--format", "pdf", "--out", pdf.toString());
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).startsWith("run report: ").contains("run.pdf");
    assertThat(Files.readAllBytes(pdf)).startsWith("%PDF-".getBytes());
  }

  @Test
  void report_accounting_over_a_period_writes_into_the_reports_directory() {
    Cli cli = Cli.run("report", "accounting", file.toString(), "--data-dir", data.toString(), "--from", "2020-01-01");
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).containsPattern("accounting report: .*reports/accounting-\\d{8}-\\d{6}\\.html");
  }

  @Test
  void mistakes_are_user_errors_with_the_fix() {
    Cli badFormat = Cli.run("report", "run", file.toString(), "--data-dir", data.toString(), "--format", "docx");
    assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badFormat.err()).contains("--format: unknown report format 'docx': use json, html or pdf").doesNotContain("Exception");
    Cli unknown = Cli.run("report", "task", file.toString(), "nope", "--data-dir", data.toString());
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no task 'nope' is stored").contains("taskexec status");
    Cli badDate = Cli.run("report", "accounting", file.toString(), "--data-dir", data.toString(), "--from", "yesterday");
    assertThat(badDate.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badDate.err()).contains("--from: 'yesterday' is not a date or a time; write e.g. 2026-06-01");
    Cli noRun = Cli.run("report", "run", tmp.resolve("other.yaml").toString());
    assertThat(noRun.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(noRun.err()).contains("no run of");
  }

  @Test
  void a_broken_user_template_is_named_with_its_line_and_the_run_keeps_its_result() throws IOException {
    Files.createDirectories(tmp.resolve("templates"));
    Files.writeString(tmp.resolve("templates/run.html.mustache"), "<html>\n{{#summary}}\n</html>\n");
    Cli cli = Cli.run("report", "run", file.toString(), "--data-dir", data.toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).contains("template run.html.mustache (").contains("templates/run.html.mustache), line ");
    Cli again = Cli.run("run", file.toString(), "--data-dir", data.toString(), "--no-progress", "--fresh");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(again.err()).contains("could not write the run report: template run.html.mustache");
  }

  @Test
  void with_a_webhook_target_the_run_report_is_posted() throws IOException {
    List<String> got = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", ex -> {
      got.add(ex.getRequestHeaders().getFirst("X-Taskexec-Report-Id"));
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    try {
      Path f = Files.writeString(tmp.resolve("hooked.yaml"), """
          tasks:
            - {id: one, type: noop, %s}
          config:
            task_execution:
              reporting:
                report_generation: {formats: [json]}
                distribution:
                  targets: {webhook: {url: "http://127.0.0.1:%d/hook"}}
          """.formatted(REQ, server.getAddress().getPort()));
      Cli cli = Cli.run("run", f.toString(), "--data-dir", tmp.resolve("d2").toString(), "--no-progress");
      assertThat(cli.exitCode()).as(cli.toString()).isZero();
      assertThat(got).singleElement().asString().matches("run-\\d{8}-\\d{6}\\.json");
    } finally {
      server.stop(0);
    }
  }
}
