package io.taskexec.ingest;

import static io.taskexec.ingest.Fixtures.brief;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.ReportingConfig;
import io.taskexec.config.ReportingConfig.Email;
import io.taskexec.config.ReportingConfig.Exchange;
import io.taskexec.config.ReportingConfig.Targets;
import io.taskexec.config.ReportingConfig.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportingSectionTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path p = dir.resolve("config.yaml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void without_targets_the_spec_defaults_hold_and_nothing_is_delivered() throws IOException {
    ReportingConfig r = ConfigReader.read(yaml("""
        task_execution:
          reporting:
            distribution:
              retry_attempts: 2
        """)).reporting();
    assertThat(r.formats()).containsExactly("json", "html", "pdf");
    assertThat(r.templatesPath()).isEqualTo("templates");
    assertThat(r.cacheSize()).isEqualTo(100);
    assertThat(r.retryAttempts()).isEqualTo(2);
    assertThat(r.retryDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.targets()).isEqualTo(Targets.NONE);
    assertThat(r.targets().isEmpty()).isTrue();
    assertThat(r.runFormats()).as("taskexec run leaves the PDF out unless asked").containsExactly("json", "html");
  }

  @Test
  void formats_named_in_the_configuration_are_what_taskexec_run_writes() throws IOException {
    ReportingConfig r = ConfigReader.read(yaml("""
        task_execution:
          reporting:
            report_generation: {formats: [json, html, pdf]}
        """)).reporting();
    assertThat(r.formats()).containsExactly("json", "html", "pdf");
    assertThat(r.runFormats()).containsExactly("json", "html", "pdf");
  }

  @Test
  void every_target_is_read() throws IOException {
    ReportingConfig r = ConfigReader.read(yaml("""
        task_execution:
          reporting:
            distribution:
              targets:
                directory: /srv/reports
                webhook: {url: "https://hooks.example.com/x", token: s3cret, headers: {X-Team: data, X-Id: 42}}
                email: {smtp_host: mail.example.com, smtp_port: 587, from: te@example.com, to: [a@example.com, b@example.com], starttls: true}
                exchange: {uri: "amqp://guest:guest@localhost:5672/%2f"}
        """)).reporting();
    assertThat(r.targets()).isEqualTo(new Targets("/srv/reports",
        new Webhook("https://hooks.example.com/x", Map.of("X-Team", "data", "X-Id", "42"), "s3cret"),
        new Email("mail.example.com", 587, "te@example.com", List.of("a@example.com", "b@example.com"), null, null, true),
        new Exchange("amqp://guest:guest@localhost:5672/%2f")));
    assertThat(r.targets().webhook().toString()).doesNotContain("s3cret");
    assertThat(r.targets().exchange().toString()).doesNotContain("guest@").contains("guest:***@");
  }

  @Test
  void a_single_recipient_may_be_a_string_and_the_port_defaults_to_25() throws IOException {
    ReportingConfig r = ConfigReader.read(yaml("""
        task_execution:
          reporting:
            distribution:
              targets:
                email: {smtp_host: localhost, from: te@example.com, to: ops@example.com}
        """)).reporting();
    assertThat(r.targets().email().to()).containsExactly("ops@example.com");
    assertThat(r.targets().email().smtpPort()).isEqualTo(25);
  }

  @Test
  void bad_targets_are_reported_with_line_and_key() throws IOException {
    Path p = yaml("""
        task_execution:
          reporting:
            distribution:
              targets:
                webhook: {url: "ftp://example.com/x"}
                email: {smtp_host: localhost, smtp_port: 70000, from: nobody, to: []}
                exchange: {}
                printer: lp0
        """);
    assertThat(brief(ConfigReader.check(p))).containsExactly(
        "5:24 task_execution.reporting.distribution.targets.webhook.url: url 'ftp://example.com/x' is not a http or https URL",
        "6:50 task_execution.reporting.distribution.targets.email.smtp_port: smtp_port must be between 1 and 65535, got 70000",
        "6:63 task_execution.reporting.distribution.targets.email.from: from 'nobody' is not an e-mail address",
        "6:71 task_execution.reporting.distribution.targets.email.to: to must name at least one address",
        "7:9 task_execution.reporting.distribution.targets.exchange.uri: uri is required but missing from exchange",
        "8:9 task_execution.reporting.distribution.targets.printer: unknown key 'printer'");
  }
}
